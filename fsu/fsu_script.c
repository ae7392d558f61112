/*
 * Script mode: `fsu image -c 'put a /a; ls -l /'`, or one command per line
 * on standard input, all in one kernel boot.  Words split on blanks, with
 * '...', "..." and backslash quoting; commands end at ';' or a newline.
 * Stops at the first failing command unless -k.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu_mount.h"

#define FSU_MAXWORDS 256

/*
 * Split the next command off *sp into words (stored in buf, which must be
 * as long as the rest of *sp).  Returns the word count, -1 on a quoting
 * error; *sp is advanced past the command's terminator.
 */
static int
fsu_words(const char **sp, char *buf, char **words)
{
	const char *s = *sp;
	char quote = 0, *o = buf;
	int n = 0;
	bool inword = false;

	for (; *s != '\0'; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
			else
				*o++ = *s;
			continue;
		}
		if (*s == ';' || *s == '\n')
			break;
		if (*s == ' ' || *s == '\t') {
			if (inword) {
				*o++ = '\0';
				inword = false;
			}
			continue;
		}
		if (!inword) {
			if (n == FSU_MAXWORDS - 1)
				return -1;
			words[n++] = o;
			inword = true;
		}
		if (*s == '\'' || *s == '"')
			quote = *s;
		else if (*s == '\\' && s[1] != '\0')
			*o++ = *++s;
		else
			*o++ = *s;
	}
	if (quote)
		return -1;
	*o = '\0';
	words[n] = NULL;
	*sp = *s ? s + 1 : s;
	return n;
}

static int
fsu_runscript(struct fsu_mount *m, const char *script, fsu_run1_fn run1)
{
	char *buf, *words[FSU_MAXWORDS];
	const struct fsu_cmd *cmd;
	const char *s = script;
	int n, rv, worst = 0;

	if ((buf = malloc(strlen(script) + 1)) == NULL)
		return 1;
	while (*s != '\0' && !fsu_interrupted) {
		if ((n = fsu_words(&s, buf, words)) < 0) {
			fprintf(stderr, "fsu: unbalanced quotes or too many "
			    "words\n");
			worst = 2;
			break;
		}
		if (n == 0 || words[0][0] == '#')
			continue;
		if ((cmd = fsu_findcmd(words[0])) == NULL) {
			fprintf(stderr, "fsu: %s: no such command\n",
			    words[0]);
			rv = 2;
		} else {
			fsu_progname = cmd->name;
			rv = run1(cmd, m, n, words);
			fsu_progname = "fsu";
		}
		if (rv > worst)
			worst = rv;
		if (rv != 0 && !m->fm_keepgoing)
			break;
	}
	free(buf);
	return fsu_interrupted ? 130 : worst;
}

int
fsu_script(struct fsu_mount *m, int argc, char **argv, fsu_run1_fn run1)
{
	char *line = NULL;
	size_t cap = 0;
	int r, rv = 0;

	if (argc == 2 && strcmp(argv[0], "-c") == 0)
		return fsu_runscript(m, argv[1], run1);
	if (argc != 0) {
		fprintf(stderr, "fsu: expected -c 'commands' or commands on "
		    "standard input\n");
		return 2;
	}
	/* standard input: line by line, so a long script streams */
	while (!fsu_interrupted && getline(&line, &cap, stdin) > 0) {
		r = fsu_runscript(m, line, run1);
		if (r > rv)
			rv = r;
		if (r != 0 && !m->fm_keepgoing)
			break;
	}
	free(line);
	return rv;
}
