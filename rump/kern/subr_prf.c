/*
 * Formatted output: vsnprintf and the console (printf, log, panic).
 * The console is the host's stderr through rumpuser_dprintf.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/time.h>

#include <rump/rumpuser.h>

struct fmtspec {
	bool left, zero, plus, space, alt;
	int width, prec;	/* prec -1: none */
	int len;		/* 'H' hh, 'h', 'l', 'L' ll, 'z', 'j', 't' */
};

struct outbuf {
	char *buf;
	size_t size, n;
};

static void
out_c(struct outbuf *o, char c)
{
	if (o->n + 1 < o->size)
		o->buf[o->n] = c;
	o->n++;
}

static void
out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

static void
out_str(struct outbuf *o, const struct fmtspec *f, const char *s)
{
	int len;

	if (s == NULL)
		s = "(null)";
	len = (int)(f->prec >= 0 ? strnlen(s, (size_t)f->prec) : strlen(s));
	if (!f->left)
		out_pad(o, ' ', f->width - len);
	for (int i = 0; i < len; i++)
		out_c(o, s[i]);
	if (f->left)
		out_pad(o, ' ', f->width - len);
}

static void
out_num(struct outbuf *o, const struct fmtspec *f, unsigned long long v,
    bool neg, unsigned base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int nd = 0, sign, plen, zeros, pad;

	while (v != 0 || (nd == 0 && f->prec != 0)) {
		tmp[nd++] = digits[v % base];
		v /= base;
		if (v == 0)
			break;
	}
	sign = neg || f->plus || f->space;
	plen = prefix ? (int)strlen(prefix) : 0;
	zeros = f->prec > nd ? f->prec - nd : 0;
	pad = f->width - sign - plen - zeros - nd;
	if (f->zero && !f->left && f->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!f->left)
		out_pad(o, ' ', pad);
	if (sign)
		out_c(o, neg ? '-' : f->plus ? '+' : ' ');
	for (int i = 0; i < plen; i++)
		out_c(o, prefix[i]);
	out_pad(o, '0', zeros);
	while (nd > 0)
		out_c(o, tmp[--nd]);
	if (f->left)
		out_pad(o, ' ', pad);
}

static const char *
parse_spec(const char *p, struct fmtspec *f, va_list *ap)
{
	*f = (struct fmtspec){ .prec = -1 };
	for (;; p++) {
		if (*p == '-') f->left = true;
		else if (*p == '0') f->zero = true;
		else if (*p == '+') f->plus = true;
		else if (*p == ' ') f->space = true;
		else if (*p == '#') f->alt = true;
		else break;
	}
	if (*p == '*') {
		f->width = va_arg(*ap, int);
		if (f->width < 0) {
			f->left = true;
			f->width = -f->width;
		}
		p++;
	} else
		while (*p >= '0' && *p <= '9')
			f->width = f->width * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		f->prec = 0;
		if (*p == '*') {
			f->prec = va_arg(*ap, int);
			p++;
		} else
			while (*p >= '0' && *p <= '9')
				f->prec = f->prec * 10 + (*p++ - '0');
	}
	if (p[0] == 'h' && p[1] == 'h') { f->len = 'H'; p += 2; }
	else if (p[0] == 'l' && p[1] == 'l') { f->len = 'L'; p += 2; }
	else if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 'j' ||
	    *p == 't' || *p == 'q') {
		f->len = *p == 'q' ? 'L' : *p;
		p++;
	}
	return p;
}

static unsigned long long
arg_unsigned(const struct fmtspec *f, va_list *ap)
{
	switch (f->len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned);
	case 'h': return (unsigned short)va_arg(*ap, unsigned);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 'j': return va_arg(*ap, uintmax_t);
	case 't': return (unsigned long long)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned);
	}
}

static long long
arg_signed(const struct fmtspec *f, va_list *ap)
{
	switch (f->len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return va_arg(*ap, ssize_t);
	case 'j': return va_arg(*ap, intmax_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap0)
{
	struct outbuf o = { buf, size, 0 };
	struct fmtspec f;
	va_list ap;
	long long sv;
	unsigned long long uv;
	char c;

	va_copy(ap, ap0);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			out_c(&o, *p);
			continue;
		}
		p = parse_spec(p + 1, &f, &ap);
		switch (*p) {
		case 'd': case 'i':
			sv = arg_signed(&f, &ap);
			out_num(&o, &f, sv < 0 ? -(unsigned long long)sv :
			    (unsigned long long)sv, sv < 0, 10, false, NULL);
			break;
		case 'u':
			out_num(&o, &f, arg_unsigned(&f, &ap), false, 10,
			    false, NULL);
			break;
		case 'x': case 'X':
			uv = arg_unsigned(&f, &ap);
			out_num(&o, &f, uv, false, 16, *p == 'X',
			    f.alt && uv ? (*p == 'X' ? "0X" : "0x") : NULL);
			break;
		case 'o':
			uv = arg_unsigned(&f, &ap);
			out_num(&o, &f, uv, false, 8, false,
			    f.alt && uv ? "0" : NULL);
			break;
		case 'p':
			f.len = 'L';
			out_num(&o, &f, (uintptr_t)va_arg(ap, void *), false,
			    16, false, "0x");
			break;
		case 's':
			out_str(&o, &f, va_arg(ap, const char *));
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			if (!f.left)
				out_pad(&o, ' ', f.width - 1);
			out_c(&o, c);
			if (f.left)
				out_pad(&o, ' ', f.width - 1);
			break;
		case '%':
			out_c(&o, '%');
			break;
		case '\0':
			p--;
			break;
		default:
			out_c(&o, '%');
			out_c(&o, *p);
			break;
		}
	}
	va_end(ap);
	if (size > 0)
		buf[o.n < size ? o.n : size - 1] = '\0';
	return (int)o.n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	rumpuser_dprintf("%s", buf);
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * log() is rate-limited per caller (its format string): a bad disk
 * block hit in a loop must not flood the console.
 */
#define LOG_SLOTS	32
#define LOG_PERSEC	10

static struct {
	const char *ls_fmt;
	int64_t ls_sec;
	unsigned int ls_count;
} log_slots[LOG_SLOTS];
static bool log_busy;

static bool
log_allowed(const char *fmt)
{
	struct timespec ts;
	unsigned int i = (unsigned int)(((uintptr_t)fmt >> 3) % LOG_SLOTS);
	bool ok = true;

	getnanouptime(&ts);
	while (__atomic_test_and_set(&log_busy, __ATOMIC_ACQUIRE))
		continue;
	if (log_slots[i].ls_fmt != fmt || log_slots[i].ls_sec != ts.tv_sec) {
		log_slots[i].ls_fmt = fmt;
		log_slots[i].ls_sec = ts.tv_sec;
		log_slots[i].ls_count = 0;
	}
	if (++log_slots[i].ls_count > LOG_PERSEC)
		ok = false;
	__atomic_clear(&log_busy, __ATOMIC_RELEASE);
	return ok;
}

void
log(int level, const char *fmt, ...)
{
	static const char *const names[] = { "emerg", "alert", "crit",
	    "error", "warning", "notice", "info", "debug" };
	char buf[512];
	va_list ap;

	if (!log_allowed(fmt))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	rumpuser_dprintf("%s: %s", names[level & 7], buf);
}

void
panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	rumpuser_dprintf("panic: %s\n", buf);
	rumpuser_exit(RUMPUSER_PANIC);
}
