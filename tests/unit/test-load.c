/* Unit tests of gw-load's library (store/load.h): the page cache a load runs with. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/load.h"
#include "tap.h"

#include "lib/banned.h"

static long long one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int main(void)
{
	char dir[] = "/tmp/gw-test-load.XXXXXX", path[64], cmd[128];
	const char *rec = "{\"kind\":\"gpu_price\",\"provider\":\"p\",\"tier\":\"neocloud\",\"sku\":\"h100-sxm\","
		"\"term\":\"spot\",\"usd_per_gpu_hour\":2.5,\"observed_at\":\"2025-01-02\",\"as_of\":\"2025-01-02\","
		"\"src\":{\"doc\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"loc\":\"l1\"}}";
	struct loader l;
	sqlite3 *db;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/s.db", dir);
	db = store_open(path, 0);
	ok(db != NULL, "a new store opens");
	if (!db)
		return done();
	ok(one(db, "PRAGMA cache_size") == -2000, "a connection starts with SQLite's default cache (2000 KiB)");
	ok(loader_begin(&l, db, "unit") == 0, "loader_begin");
	ok(one(db, "PRAGMA cache_size") == -atoll(LOAD_CACHE_KIB) && atoll(LOAD_CACHE_KIB) == 1048576,
	   "a load's connection holds up to 1 GiB of pages (cache_size -%s)", LOAD_CACHE_KIB);
	ok(loader_line(&l, rec, strlen(rec), "unit", 1) == 0 && l.stored == 1, "a price record is stored");
	ok(loader_end(&l, 1) == 0, "the run commits");
	ok(one(db, "SELECT count(*) FROM obs_gpu_price") == 1, "its row is there");
	ok(one(db, "SELECT count(*) FROM sqlite_master WHERE name = 'obs_gpu_price_cur'") == 0,
	   "no obs_gpu_price_cur index (migration 070)");
	store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ok(system(cmd) == 0, "cleaned up");
	return done();
}
