-- SQLite's functions, as the store's views use them, for the PostgreSQL replica (gw-sync).
-- Run by gw-sync with search_path set to the replica's schema first, so every name below is
-- created there and the translated views (store/sync_sql.c) find these before pg_catalog's.
-- Each follows SQLite's documented behaviour (https://sqlite.org/lang_corefunc.html,
-- lang_datefunc.html, lang_aggfunc.html) where the views can reach it.

-- CAST(x AS INTEGER): SQLite truncates a real and reads the leading integer of a text (0 if none)
CREATE OR REPLACE FUNCTION sqlite_int(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT x';
CREATE OR REPLACE FUNCTION sqlite_int(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT x::bigint';
CREATE OR REPLACE FUNCTION sqlite_int(x boolean) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT x::int::bigint';
CREATE OR REPLACE FUNCTION sqlite_int(x double precision) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN x >= 9.223372036854775807e18 THEN 9223372036854775807
	      WHEN x <= -9.223372036854775808e18 THEN -9223372036854775808 ELSE trunc(x)::bigint END$$;
CREATE OR REPLACE FUNCTION sqlite_int(x numeric) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.sqlite_int(x::double precision)$$;
CREATE OR REPLACE FUNCTION sqlite_int(x text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN x IS NULL THEN NULL
	      ELSE coalesce(@S@.sqlite_int((substring(x FROM '^\s*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)'))::double precision), 0) END$$;

-- round(x [, n]): half away from zero, as SQLite's
CREATE OR REPLACE FUNCTION round(x double precision) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN x >= 0 THEN floor(x + 0.5) ELSE ceil(x - 0.5) END$$;
CREATE OR REPLACE FUNCTION round(x double precision, n integer) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN x IS NULL THEN NULL WHEN n <= 0 THEN @S@.round(x)
	      WHEN abs(x) >= 1e15 THEN x ELSE pg_catalog.round(x::numeric, least(n, 30))::double precision END$$;
CREATE OR REPLACE FUNCTION round(x numeric, n integer) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.round(x::double precision, n)$$;
CREATE OR REPLACE FUNCTION round(x bigint, n integer) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.round(x::double precision, n)$$;

-- max(a, b), min(a, b): of values, NULL when any is NULL (not aggregates: those take one argument)
CREATE OR REPLACE FUNCTION max(a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a >= b THEN a ELSE b END$$;
CREATE OR REPLACE FUNCTION max(a anycompatible, b anycompatible, c anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.max(@S@.max(a, b), c)$$;
CREATE OR REPLACE FUNCTION min(a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a <= b THEN a ELSE b END$$;
CREATE OR REPLACE FUNCTION min(a anycompatible, b anycompatible, c anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.min(@S@.min(a, b), c)$$;

CREATE OR REPLACE FUNCTION iif(c boolean, a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN c THEN a ELSE b END$$;
CREATE OR REPLACE FUNCTION instr(a text, b text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE strpos(a, b)::bigint END$$;

-- substr(x, start [, length]): SQLite counts a negative start from the end, and a negative
-- length takes the characters before start
CREATE OR REPLACE FUNCTION substr(x text, s bigint, n bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN x IS NULL OR s IS NULL OR n IS NULL THEN NULL ELSE (
	WITH a AS (SELECT CASE WHEN s > 0 THEN s - 1 WHEN s < 0 THEN length(x) + s ELSE -1 END AS p0),
	     b AS (SELECT CASE WHEN n >= 0 THEN p0 ELSE p0 + n END AS p, CASE WHEN n >= 0 THEN n ELSE -n END AS m FROM a)
	SELECT CASE WHEN s = 0 AND n > 0 THEN pg_catalog.substr(x, 1, greatest(n - 1, 0)::int)
		    WHEN p < 0 THEN pg_catalog.substr(x, 1, greatest(m + p, 0)::int)
		    ELSE pg_catalog.substr(x, (p + 1)::int, m::int) END FROM b) END$$;
CREATE OR REPLACE FUNCTION substr(x text, s bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.substr(x, s, 2147483647::bigint)$$;
CREATE OR REPLACE FUNCTION substr(x text, s integer, n integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.substr(x, s::bigint, n::bigint)$$;
CREATE OR REPLACE FUNCTION substr(x text, s integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.substr(x, s::bigint, 2147483647::bigint)$$;

-- sum of comparisons (SQLite's true is 1): sum(kind = 'load')
CREATE OR REPLACE FUNCTION gw_sum_bool(s bigint, b boolean) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN b IS NULL THEN s ELSE coalesce(s, 0) + b::int END$$;
DO $$BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		       WHERE n.nspname = current_schema() AND p.proname = 'sum' AND p.prokind = 'a') THEN
		CREATE AGGREGATE sum(boolean) (SFUNC = gw_sum_bool, STYPE = bigint);
	END IF;
END$$;

-- total(x): a float sum, 0.0 over no rows
CREATE OR REPLACE FUNCTION gw_total(s double precision, x double precision) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT s + coalesce(x, 0)$$;
DO $$BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		       WHERE n.nspname = current_schema() AND p.proname = 'total') THEN
		CREATE AGGREGATE total(double precision) (SFUNC = gw_total, STYPE = double precision, INITCOND = '0');
	END IF;
END$$;

-- group_concat(x [, sep]): the values joined in the order they come, NULLs left out
CREATE OR REPLACE FUNCTION gw_concat(s text, x text, sep text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT CASE WHEN x IS NULL THEN s WHEN s IS NULL THEN x ELSE s || coalesce(sep, '') || x END$$;
CREATE OR REPLACE FUNCTION gw_concat(s text, x text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.gw_concat(s, x, ',')$$;
DO $$BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		       WHERE n.nspname = current_schema() AND p.proname = 'group_concat') THEN
		CREATE AGGREGATE group_concat(text, text) (SFUNC = gw_concat, STYPE = text);
		CREATE AGGREGATE group_concat(text) (SFUNC = gw_concat, STYPE = text);
	END IF;
END$$;

-- SQLite's text of a number, as printf('%!.15g') writes it (what SQLite's || and CAST AS TEXT give)
CREATE OR REPLACE FUNCTION gw_fmt_g(v double precision, prec integer, alt boolean) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	e integer;
	r numeric;
	s text;
BEGIN
	IF v IS NULL THEN RETURN NULL; END IF;
	IF v = 'Infinity'::double precision THEN RETURN 'Inf'; END IF;
	IF v = '-Infinity'::double precision THEN RETURN '-Inf'; END IF;
	IF prec <= 0 THEN prec := 1; END IF;
	IF v = 0 THEN e := 0; ELSE
		e := floor(log(abs(v::numeric)))::integer;
		-- rounding to prec digits may carry into one more digit
		IF abs(pg_catalog.round(v::numeric / (10::numeric ^ e), prec - 1)) >= 10 THEN e := e + 1; END IF;
	END IF;
	IF e < -4 OR e >= prec THEN
		r := pg_catalog.round(v::numeric / (10::numeric ^ e), prec - 1);
		IF abs(r) >= 10 THEN r := r / 10; e := e + 1; END IF;
		s := r::text;
		IF NOT alt AND position('.' IN s) > 0 THEN s := rtrim(rtrim(s, '0'), '.'); END IF;
		RETURN s || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || lpad(abs(e)::text, 2, '0');
	END IF;
	r := pg_catalog.round(v::numeric, prec - 1 - e);
	s := r::text;
	IF NOT alt AND position('.' IN s) > 0 THEN s := rtrim(rtrim(s, '0'), '.'); END IF;
	IF s = '-0' THEN s := '0'; END IF;
	RETURN s;
END$$;

-- printf(format, arguments as text): %d %i %u %s %f %e %g %x %X %o %c %%, flags - + space 0 # , width, precision
CREATE OR REPLACE FUNCTION printf(fmt text, VARIADIC args text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	out text := '';
	i integer := 1;
	n integer;
	a integer := 1;
	c text;
	flags text;
	width integer;
	prec integer;
	conv text;
	m text[];
	arg text;
	s text;
	v double precision;
	iv bigint;
	sign text;
BEGIN
	IF fmt IS NULL THEN RETURN NULL; END IF;
	n := length(fmt);
	WHILE i <= n LOOP
		c := substring(fmt FROM i FOR 1);
		IF c <> '%' THEN out := out || c; i := i + 1; CONTINUE; END IF;
		m := regexp_match(substring(fmt FROM i), '^%([-+ 0#,!]*)(\d*)(?:\.(\d*))?(ll|l)?([a-zA-Z%])');
		IF m IS NULL THEN out := out || substring(fmt FROM i); EXIT; END IF;
		i := i + length(substring(substring(fmt FROM i) FROM '^%[-+ 0#,!]*\d*(?:\.\d*)?(?:ll|l)?[a-zA-Z%]'));
		flags := m[1];
		width := CASE WHEN m[2] = '' THEN 0 ELSE m[2]::integer END;
		prec := CASE WHEN m[3] IS NULL THEN NULL WHEN m[3] = '' THEN 0 ELSE m[3]::integer END;
		conv := m[5];
		IF conv = '%' THEN out := out || '%'; CONTINUE; END IF;
		arg := CASE WHEN args IS NULL OR a > coalesce(array_length(args, 1), 0) THEN NULL ELSE args[a] END;
		a := a + 1;
		sign := '';
		IF conv IN ('d', 'i', 'u', 'x', 'X', 'o', 'c') THEN
			iv := coalesce(@S@.sqlite_int(arg), 0);
			IF conv IN ('d', 'i', 'u') THEN
				s := abs(iv)::text;
				IF iv < 0 THEN sign := '-'; ELSIF position('+' IN flags) > 0 THEN sign := '+';
				ELSIF position(' ' IN flags) > 0 THEN sign := ' '; END IF;
				IF prec IS NOT NULL AND length(s) < prec THEN s := lpad(s, prec, '0'); END IF;
			ELSIF conv = 'x' THEN s := to_hex(iv);
			ELSIF conv = 'X' THEN s := upper(to_hex(iv));
			ELSIF conv = 'o' THEN
				s := ''; IF iv = 0 THEN s := '0'; END IF;
				WHILE iv > 0 LOOP s := (iv % 8)::text || s; iv := iv / 8; END LOOP;
			ELSE s := coalesce(substring(arg FROM 1 FOR 1), '');
			END IF;
		ELSIF conv IN ('f', 'F', 'e', 'E', 'g', 'G') THEN
			v := coalesce((substring(arg FROM '^\s*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)'))::double precision, 0);
			IF v < 0 OR (v = 0 AND arg ~ '^\s*-') THEN sign := '-'; v := -v;
			ELSIF position('+' IN flags) > 0 THEN sign := '+';
			ELSIF position(' ' IN flags) > 0 THEN sign := ' '; END IF;
			IF conv IN ('f', 'F') THEN
				s := pg_catalog.round(v::numeric, coalesce(prec, 6))::text;
				IF coalesce(prec, 6) = 0 AND position('#' IN flags) > 0 THEN s := s || '.'; END IF;
			ELSIF conv IN ('e', 'E') THEN
				IF v = 0 THEN s := rpad('0.', coalesce(prec, 6) + 2, '0') || 'e+00';
				ELSE
					iv := floor(log(v::numeric));
					IF pg_catalog.round(v::numeric / (10::numeric ^ iv), coalesce(prec, 6)) >= 10 THEN iv := iv + 1; END IF;
					s := pg_catalog.round(v::numeric / (10::numeric ^ iv), coalesce(prec, 6))::text || 'e' ||
					     CASE WHEN iv < 0 THEN '-' ELSE '+' END || lpad(abs(iv)::text, 2, '0');
				END IF;
				IF conv = 'E' THEN s := upper(s); END IF;
			ELSE
				s := @S@.gw_fmt_g(v, coalesce(prec, 6), position('#' IN flags) > 0);
				IF conv = 'G' THEN s := upper(s); END IF;
			END IF;
		ELSE	-- s, q, Q, w, z and anything else: the text
			s := coalesce(arg, CASE WHEN conv IN ('Q') THEN 'NULL' ELSE '' END);
			IF conv IN ('q', 'Q') THEN s := replace(s, '''', ''''''); END IF;
			IF conv = 'Q' AND arg IS NOT NULL THEN s := '''' || s || ''''; END IF;
			IF prec IS NOT NULL THEN s := substring(s FROM 1 FOR prec); END IF;
		END IF;
		IF length(sign || s) < width THEN
			IF position('-' IN flags) > 0 THEN s := rpad(sign || s, width, ' ');
			ELSIF position('0' IN flags) > 0 AND conv NOT IN ('s', 'q', 'Q', 'c') THEN s := sign || lpad(s, width - length(sign), '0');
			ELSE s := lpad(sign || s, width, ' ');
			END IF;
		ELSE s := sign || s;
		END IF;
		out := out || s;
	END LOOP;
	RETURN out;
END$$;
CREATE OR REPLACE FUNCTION printf(fmt text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.printf(fmt, VARIADIC ARRAY[]::text[])$$;

-- The date and time functions: a time value (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.SSS]] with a space
-- or T, a time zone suffix Z or +HH:MM, HH:MM[:SS[.SSS]], or a Julian day number) and modifiers
-- (+-N days, hours, minutes, seconds, months, years; start of day, month, year; weekday N;
-- unixepoch as the first). An invalid value or modifier gives NULL, as in SQLite.
CREATE OR REPLACE FUNCTION gw_time(t text, mods text[]) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	m text[];
	ts timestamp;
	md text;
	k integer;
	num double precision;
	unit text;
	y integer;
	mo integer;
	d integer;
	wd integer;
	secs double precision;
BEGIN
	IF t IS NULL THEN RETURN NULL; END IF;
	m := regexp_match(t, '^\s*(-?\d{4})-(\d\d)-(\d\d)(?:(?:T|\s+)(\d\d):(\d\d)(?::(\d\d(?:\.\d*)?))?)?\s*(Z|[+-]\d\d:\d\d|[+-]\d\d\d\d)?\s*$', 'i');
	IF m IS NOT NULL THEN
		y := m[1]::integer; mo := m[2]::integer; d := m[3]::integer;
		IF mo < 1 OR mo > 12 OR d < 1 OR d > 31 THEN RETURN NULL; END IF;
		IF coalesce(m[4]::integer, 0) > 24 OR coalesce(m[5]::integer, 0) > 59 OR coalesce(m[6]::numeric, 0) >= 60 THEN RETURN NULL; END IF;
		ts := make_timestamp(y, mo, 1, 0, 0, 0) + make_interval(days => d - 1)
		      + make_interval(hours => coalesce(m[4]::integer, 0), mins => coalesce(m[5]::integer, 0),
				      secs => coalesce(m[6]::double precision, 0));
		IF m[7] IS NOT NULL AND upper(m[7]) <> 'Z' THEN
			ts := ts - (substring(m[7] FROM 1 FOR 1) || '1')::integer *
				   make_interval(hours => substring(m[7] FROM 2 FOR 2)::integer,
						 mins => right(m[7], 2)::integer);
		END IF;
	ELSE
		m := regexp_match(t, '^\s*(\d\d):(\d\d)(?::(\d\d(?:\.\d*)?))?\s*$');
		IF m IS NOT NULL THEN
			ts := make_timestamp(2000, 1, 1, m[1]::integer, m[2]::integer, coalesce(m[3]::double precision, 0));
		ELSIF t ~ '^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$' THEN
			num := t::double precision;
			IF coalesce(mods[1], '') ~* '^\s*unixepoch\s*$' THEN
				ts := to_timestamp(num) AT TIME ZONE 'UTC';
				mods := mods[2:];
			ELSE
				ts := timestamp '2000-01-01 12:00:00' + make_interval(secs => (num - 2451545.0) * 86400);
			END IF;
		ELSIF lower(trim(t)) = 'now' THEN
			ts := (now() AT TIME ZONE 'UTC')::timestamp(3);
		ELSE
			RETURN NULL;
		END IF;
	END IF;
	IF mods IS NOT NULL THEN
		FOREACH md IN ARRAY mods LOOP
			IF md IS NULL THEN RETURN NULL; END IF;
			md := lower(trim(md));
			m := regexp_match(md, '^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(day|hour|minute|second|month|year)s?$');
			IF m IS NOT NULL THEN
				num := m[1]::double precision;
				unit := m[2];
				IF unit = 'day' THEN ts := ts + make_interval(secs => num * 86400);
				ELSIF unit = 'hour' THEN ts := ts + make_interval(secs => num * 3600);
				ELSIF unit = 'minute' THEN ts := ts + make_interval(secs => num * 60);
				ELSIF unit = 'second' THEN ts := ts + make_interval(secs => num);
				ELSE
					-- months and years: the month number moves, the day overflows into the next month
					k := trunc(num)::integer * CASE WHEN unit = 'year' THEN 12 ELSE 1 END;
					y := extract(year FROM ts)::integer; mo := extract(month FROM ts)::integer;
					d := extract(day FROM ts)::integer;
					secs := extract(epoch FROM ts - date_trunc('day', ts));
					mo := mo + k;
					y := y + floor((mo - 1)::numeric / 12)::integer;
					mo := ((mo - 1) % 12 + 12) % 12 + 1;
					ts := make_timestamp(y, mo, 1, 0, 0, 0) + make_interval(days => d - 1, secs => secs);
					IF num <> trunc(num) THEN
						ts := ts + make_interval(secs => (num - trunc(num)) * CASE WHEN unit = 'year' THEN 365 ELSE 30 END * 86400);
					END IF;
				END IF;
			ELSIF md = 'start of day' THEN ts := date_trunc('day', ts);
			ELSIF md = 'start of month' THEN ts := date_trunc('month', ts);
			ELSIF md = 'start of year' THEN ts := date_trunc('year', ts);
			ELSIF md ~ '^weekday\s+[0-6]$' THEN
				wd := right(md, 1)::integer;
				ts := ts + make_interval(days => ((wd - extract(dow FROM ts)::integer) + 7) % 7);
			ELSIF md IN ('utc', 'localtime', 'auto', 'subsec', 'subsecond') THEN
				NULL;
			ELSE
				RETURN NULL;
			END IF;
		END LOOP;
	END IF;
	RETURN ts;
END$$;

CREATE OR REPLACE FUNCTION sqlite_date(t text, VARIADIC mods text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT to_char(@S@.gw_time(t, mods), 'YYYY-MM-DD')$$;
CREATE OR REPLACE FUNCTION sqlite_date(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT to_char(@S@.gw_time(t, NULL), 'YYYY-MM-DD')$$;
CREATE OR REPLACE FUNCTION sqlite_datetime(t text, VARIADIC mods text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT to_char(@S@.gw_time(t, mods), 'YYYY-MM-DD HH24:MI:SS')$$;
CREATE OR REPLACE FUNCTION sqlite_datetime(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT to_char(@S@.gw_time(t, NULL), 'YYYY-MM-DD HH24:MI:SS')$$;
CREATE OR REPLACE FUNCTION sqlite_time(t text, VARIADIC mods text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT to_char(@S@.gw_time(t, mods), 'HH24:MI:SS')$$;
CREATE OR REPLACE FUNCTION sqlite_time(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT to_char(@S@.gw_time(t, NULL), 'HH24:MI:SS')$$;
CREATE OR REPLACE FUNCTION julianday(t text, VARIADIC mods text[]) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT extract(epoch FROM @S@.gw_time(t, mods))::double precision / 86400 + 2440587.5$$;
CREATE OR REPLACE FUNCTION julianday(t text) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT extract(epoch FROM @S@.gw_time(t, NULL))::double precision / 86400 + 2440587.5$$;
CREATE OR REPLACE FUNCTION unixepoch(t text, VARIADIC mods text[]) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT floor(extract(epoch FROM @S@.gw_time(t, mods)))::bigint$$;
CREATE OR REPLACE FUNCTION unixepoch(t text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT floor(extract(epoch FROM @S@.gw_time(t, NULL)))::bigint$$;

-- strftime(format, time value, modifiers...): %d %e %f %H %I %j %J %k %l %m %M %p %s %S %u %w %W %Y %F %T %%
CREATE OR REPLACE FUNCTION strftime(fmt text, t text, VARIADIC mods text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	ts timestamp := @S@.gw_time(t, mods);
	out text := '';
	i integer := 1;
	c text;
BEGIN
	IF ts IS NULL OR fmt IS NULL THEN RETURN NULL; END IF;
	WHILE i <= length(fmt) LOOP
		c := substring(fmt FROM i FOR 1);
		IF c <> '%' OR i = length(fmt) THEN out := out || c; i := i + 1; CONTINUE; END IF;
		c := substring(fmt FROM i + 1 FOR 1);
		i := i + 2;
		out := out || CASE c
			WHEN 'd' THEN to_char(ts, 'DD')
			WHEN 'e' THEN lpad(extract(day FROM ts)::integer::text, 2, ' ')
			WHEN 'f' THEN to_char(floor(extract(second FROM ts) * 1000) / 1000, 'FM00.000')
			WHEN 'F' THEN to_char(ts, 'YYYY-MM-DD')
			WHEN 'H' THEN to_char(ts, 'HH24')
			WHEN 'I' THEN to_char(ts, 'HH12')
			WHEN 'j' THEN to_char(ts, 'DDD')
			WHEN 'J' THEN @S@.gw_fmt_g(extract(epoch FROM ts)::double precision / 86400 + 2440587.5, 16, false)
			WHEN 'k' THEN lpad(extract(hour FROM ts)::integer::text, 2, ' ')
			WHEN 'l' THEN lpad(to_char(ts, 'FMHH12'), 2, ' ')
			WHEN 'm' THEN to_char(ts, 'MM')
			WHEN 'M' THEN to_char(ts, 'MI')
			WHEN 'p' THEN to_char(ts, 'AM')
			WHEN 'P' THEN lower(to_char(ts, 'AM'))
			WHEN 's' THEN floor(extract(epoch FROM ts))::bigint::text
			WHEN 'S' THEN to_char(ts, 'SS')
			WHEN 'T' THEN to_char(ts, 'HH24:MI:SS')
			WHEN 'u' THEN extract(isodow FROM ts)::integer::text
			WHEN 'w' THEN extract(dow FROM ts)::integer::text
			WHEN 'W' THEN lpad(((extract(doy FROM ts)::integer + 6 - ((extract(dow FROM ts)::integer + 6) % 7)) / 7)::text, 2, '0')
			WHEN 'Y' THEN to_char(ts, 'YYYY')
			WHEN '%' THEN '%'
			ELSE NULL END;
		IF out IS NULL THEN RETURN NULL; END IF;
	END LOOP;
	RETURN out;
END$$;
CREATE OR REPLACE FUNCTION strftime(fmt text, t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$SELECT @S@.strftime(fmt, t, VARIADIC NULL::text[])$$;
