/* test_outfile.c - unit tests for outfile.c: a file is written whole or not
 * at all.  A write refused by the system (here a file-size limit, EFBIG, as
 * a full disk would refuse with ENOSPC) or a cancelled write leaves no
 * temporary and the old file as it was, and the message names the file and
 * the system's reason.  Exit status 0 when all pass. */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "testkit.h"

/* Temporaries beside NAME in the scratch folder. */
static int others(const char *name)
{
    DIR *d = opendir(dir);
    int n = 0;
    size_t len = strlen(name);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += strncmp(e->d_name, name, len) == 0 && strncmp(e->d_name + len, ".tmp", 4) == 0;
    if (d)
        closedir(d);
    return n;
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(path_in_dir(name), "w");
    fputs(text, f);
    fclose(f);
}

static void expect_content(const char *name, const char *want)
{
    char *text = slurp(path_in_dir(name), NULL);
    CHECK(text && strcmp(text, want) == 0, "%s holds '%.40s', expected '%s'", name,
          text ? text : "(nothing)", want);
    free(text);
}

/* 64 KiB of lines, in many writes. */
static void write_lines(FILE *f)
{
    for (int i = 0; i < 4096; i++)
        fprintf(f, "%015d\n", i);
}

static void test_whole(void)
{
    char err[512] = "";
    output_file o;
    put("a.csv", "old\n");
    CHECK(output_open(&o, path_in_dir("a.csv"), NULL, err, sizeof err) == 0, "open: %s", err);
    fputs("new\n", o.f);
    expect_content("a.csv", "old\n");
    CHECK(others("a.csv") == 1, "no temporary beside a.csv while writing");
    CHECK(output_commit(&o, err, sizeof err) == 0, "commit: %s", err);
    expect_content("a.csv", "new\n");
    CHECK(others("a.csv") == 0, "a temporary is left beside a.csv");
}

static void test_size_limit(void)
{
    char err[512] = "", want[600];
    struct rlimit old, small = {8192, 0};
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    signal(SIGXFSZ, SIG_IGN);   /* the write fails with EFBIG instead */
    put("b.csv", "old\n");
    output_file o;
    CHECK(output_open(&o, path_in_dir("b.csv"), NULL, err, sizeof err) == 0, "open: %s", err);
    setrlimit(RLIMIT_FSIZE, &small);
    write_lines(o.f);
    int rc = output_commit(&o, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    snprintf(want, sizeof want, "cannot write '%s': %s", path_in_dir("b.csv"), strerror(EFBIG));
    CHECK(rc == -1 && strcmp(err, want) == 0, "over the size limit: rc %d, '%s'", rc, err);
    expect_content("b.csv", "old\n");
    CHECK(others("b.csv") == 0, "a temporary is left beside b.csv after EFBIG");
    CHECK(output_write_file(path_in_dir("b.csv"), "x", 1, NULL, err, sizeof err) == 0,
          "a write after the failure: %s", err);
    unlink(path_in_dir("b.csv"));
}

static int calls, stop_after;

static int stop_late(void *arg)
{
    (void)arg;
    return ++calls > stop_after;
}

/* Cancelled after AFTER polls: part-way through the data, or (AFTER < 0)
 * once all is written, before the rename. */
static void test_cancel(int after)
{
    char err[512] = "", want[600];
    cancel_token stop = {stop_late, NULL};
    calls = 0;
    stop_after = after < 0 ? 1 << 30 : after;
    put("c.csv", "old\n");
    output_file o;
    CHECK(output_open(&o, path_in_dir("c.csv"), &stop, err, sizeof err) == 0, "open: %s", err);
    write_lines(o.f);
    if (after < 0)
        stop_after = 0;
    int rc = output_commit(&o, err, sizeof err);
    snprintf(want, sizeof want, "cannot write '%s': %s", path_in_dir("c.csv"), strerror(ECANCELED));
    CHECK(rc == -1 && strcmp(err, want) == 0, "cancelled after %d polls: rc %d, '%s'", after, rc, err);
    CHECK(calls > 0 && (after < 0 || calls <= after + 1), "the token was polled %d times", calls);
    expect_content("c.csv", "old\n");
    CHECK(others("c.csv") == 0, "a temporary is left beside c.csv after cancelling");
    unlink(path_in_dir("c.csv"));
}

static void test_no_folder(void)
{
    char err[512] = "", want[600];
    output_file o;
    int rc = output_open(&o, path_in_dir("none/d.csv"), NULL, err, sizeof err);
    snprintf(want, sizeof want, "cannot write '%s': %s", path_in_dir("none/d.csv"), strerror(ENOENT));
    CHECK(rc == -1 && strcmp(err, want) == 0, "missing folder: rc %d, '%s'", rc, err);
}

/* A stream on a full device: the reason is ENOSPC, reported once. */
static void test_stream(void)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        printf("skip: no /dev/full\n");
        return;
    }
    int errnum = 0;
    CHECK(output_stream_check(f, &errnum) == 0, "nothing written: no error");
    fputs("text\n", f);
    CHECK(output_stream_check(f, &errnum) == -1 && errnum == ENOSPC,
          "/dev/full: errnum %d (%s), expected ENOSPC", errnum, strerror(errnum));
    CHECK(output_stream_check(f, &errnum) == 0, "the error is reported once");
    fclose(f);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    test_whole();
    test_size_limit();
    test_cancel(0);
    test_cancel(5);
    test_cancel(-1);
    test_no_folder();
    test_stream();
    unlink(path_in_dir("a.csv"));
    rmdir(dir);
    if (failures == 0)
        printf("PASS: test_outfile\n");
    return failures ? 1 : 0;
}
