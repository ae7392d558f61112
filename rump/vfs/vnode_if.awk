# Makes sys/vnode_if.h from vnode_if.src (the format is described there):
#   awk -f vnode_if.awk vnode_if.src > vnode_if.h
# Every operation's struct, the struct vnodeops table, the declarations
# of the defaults, and the VOP_*() calls.  Output is made in memory and
# printed at the end, in that order.
BEGIN {
	FS = "\t"
	nops = 0
}

/^#/ || /^$/ {
	next
}

/^%/ {
	verbatim = verbatim substr($0, 2) "\n"
	next
}

/^[a-z]/ {
	op = $1
	ops[++nops] = op
	dflt[op] = $2
	nargs[op] = 0
	comment[op] = ""
	next
}

/^\t#/ {
	text = $0
	sub(/^\t# ?/, "", text)
	comment[op] = comment[op] (comment[op] == "" ? "" : " ") text
	next
}

/^\t/ {
	n = ++nargs[op]
	argtype[op, n] = $2
	argname[op, n] = $3
	arglock[op, n] = NF >= 4 ? $4 : ""
	next
}

{
	printf("vnode_if.awk: line %d: cannot read \"%s\"\n", NR, $0) \
	    > "/dev/stderr"
	failed = 1
	exit 1
}

# "struct vnode *" and "dvp" -> "struct vnode *dvp"
function decl(type, name) {
	return type ~ /\*$/ ? type name : type " " name
}

# the comment above a struct: one line when it fits, else a block
function comment_out(text,    words, n, i, line, out) {
	if (length(text) + 6 <= 78)
		return "/* " text " */\n"
	n = split(text, words, " ")
	out = "/*\n"
	line = " *"
	for (i = 1; i <= n; i++) {
		if (length(line) + 1 + length(words[i]) > 76) {
			out = out line "\n"
			line = " *"
		}
		line = line " " words[i]
	}
	return out line "\n */\n"
}

function gen_struct(op,    i, s) {
	s = comment_out(comment[op])
	s = s "struct vop_" op "_args {\n"
	for (i = 1; i <= nargs[op]; i++)
		s = s "\t" decl(argtype[op, i], "a_" argname[op, i]) ";\n"
	return s "};\n"
}

function gen_call(op,    i, s, params, inits, vp) {
	params = ""
	inits = ""
	for (i = 1; i <= nargs[op]; i++) {
		params = params (i > 1 ? ", " : "") \
		    decl(argtype[op, i], argname[op, i])
		inits = inits (i > 1 ? ", " : "") ".a_" argname[op, i] " = " \
		    argname[op, i]
	}
	vp = argname[op, 1]
	s = "static inline int\nVOP_" toupper(op) "(" params ")\n{\n"
	s = s "\tstruct vop_" op "_args a = {\n\t\t" inits "\n\t};\n"
	for (i = 1; i <= nargs[op]; i++)
		if (arglock[op, i] != "" && arglock[op, i] != "-")
			s = s "\tVOP_LOCKCHECK(" argname[op, i] ", '" \
			    arglock[op, i] "', \"VOP_" toupper(op) "\", \"" \
			    argname[op, i] "\");\n"
	s = s "\tif (" vp "->v_op->vop_" op " == NULL)\n"
	if (dflt[op] ~ /^E[A-Z]+$/)
		s = s "\t\treturn " dflt[op] ";\n"
	else
		s = s "\t\treturn " dflt[op] "(&a);\n"
	return s "\treturn " vp "->v_op->vop_" op "(&a);\n}\n"
}

END {
	if (failed)
		exit 1
	print "/*"
	print " * Made from rump/vfs/vnode_if.src by rump/vfs/vnode_if.awk at build"
	print " * time: edit the list, not this file."
	print " */"
	print "#ifndef _SYS_VNODE_IF_H_"
	print "#define _SYS_VNODE_IF_H_"
	print ""
	print "#include <sys/vnode.h>"
	print ""
	printf("%s\n", verbatim)
	for (i = 1; i <= nops; i++)
		printf("%s", gen_struct(ops[i]))
	print ""
	print "struct vnodeops {"
	for (i = 1; i <= nops; i++)
		printf("\tint (*vop_%s)(struct vop_%s_args *);\n", ops[i], ops[i])
	print "};"
	print ""
	print "int vop_nosupport(void);"
	for (i = 1; i <= nops; i++)
		if (dflt[ops[i]] !~ /^E[A-Z]+$/)
			printf("int %s(struct vop_%s_args *);\n", dflt[ops[i]],
			    ops[i])
	print ""
	print "/* the lock states vnode_if.src gives, checked in sanitizer builds */"
	print "#ifdef VOP_LOCKDEBUG"
	print "void vop_lockcheck(struct vnode *, char, const char *, const char *);"
	print "#define VOP_LOCKCHECK(vp, st, op, arg) vop_lockcheck(vp, st, op, arg)"
	print "#else"
	print "#define VOP_LOCKCHECK(vp, st, op, arg) ((void)0)"
	print "#endif"
	print ""
	print "/* Dispatch: a NULL op answers its default. */"
	for (i = 1; i <= nops; i++)
		printf("%s", gen_call(ops[i]))
	print ""
	print "#endif /* _SYS_VNODE_IF_H_ */"
}
