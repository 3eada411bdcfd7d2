# columns-md.awk: the README's table of analyst views from schemas/columns.conf (make
# readme-views splices it into README.md; tests/t3600-columns.sh checks they agree).
# One row per view: its name (and the old one it replaces), what a row is, its columns in
# order with their units.
function flush() {
	if (view != "")
		printf "| `%s`%s | %s | %s |\n", view, was, desc, cols
	view = ""; was = ""; cols = ""
}
BEGIN {
	print "| view | a row is | columns (unit) |"
	print "|---|---|---|"
}
/^[ \t]*(#|$)/ { next }
$1 == "view" {
	flush()
	view = $2
	desc = $0
	sub(/^[ \t]*view[ \t]+[^ \t]+[ \t]+/, "", desc)
	next
}
$1 == "was" { was = was " (was `" $2 "`)"; next }
{
	c = $1 ($2 != "-" && $2 != $1 ? " (" $2 ")" : "")
	cols = cols (cols == "" ? "" : ", ") c
}
END { flush() }
