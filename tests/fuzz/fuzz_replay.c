/*
 * The fuzz targets' code (fuzz_fs.c) on given images, without libFuzzer:
 * `fuzz_replay driver image...` mounts, walks and changes each in turn, as
 * a fuzz target would.  It ends 0 if every image went through; a crash, a
 * sanitizer report or an abort (a mount that cannot go, a device still in
 * use) ends it otherwise.  make check runs it on tests/fuzz/corpus and
 * tests/fuzz/regress (t_fuzz_replay.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay(const char *path)
{
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	(void)LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: fuzz_replay driver image...\n");
		return 2;
	}
	if (setenv("FUZZ_VFS", argv[1], 1) != 0)
		return 2;
	for (i = 2; i < argc; i++)
		if (replay(argv[i]) != 0)
			rc = 1;
	return rc;
}
