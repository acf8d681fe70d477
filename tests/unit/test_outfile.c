/* test_outfile.c - unit tests for outfile.c: a file is written whole or not
 * at all.  A write refused by the system (here a file-size limit, EFBIG, as
 * a full disk would refuse with ENOSPC) or a cancelled write leaves no
 * temporary and the old file as it was, and the message names the file and
 * the system's reason.  Exit status 0 when all pass. */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
    output_policy policy = {&stop, 0, NULL};
    calls = 0;
    stop_after = after < 0 ? 1 << 30 : after;
    put("c.csv", "old\n");
    output_file o;
    CHECK(output_open(&o, path_in_dir("c.csv"), &policy, err, sizeof err) == 0, "open: %s", err);
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

/* Captured (a sweep point on another MPI process): nothing reaches the
 * folder; each committed file is kept whole, in order; one cancelled
 * before its commit is not kept. */
static void test_capture(void)
{
    char err[512] = "";
    output_capture *kept = output_capture_new();
    cancel_token stop = {stop_late, NULL};
    output_policy policy = {&stop, 0, kept};
    calls = 0;
    stop_after = 1 << 30;
    CHECK(output_write_file(path_in_dir("k1.csv"), "a,b\n", 4, &policy, err, sizeof err) == 0, "%s", err);
    output_file o;
    CHECK(output_open(&o, path_in_dir("k2.csv"), &policy, err, sizeof err) == 0, "open: %s", err);
    write_lines(o.f);
    CHECK(output_commit(&o, err, sizeof err) == 0, "commit: %s", err);
    CHECK(output_open(&o, path_in_dir("k3.csv"), &policy, err, sizeof err) == 0, "open: %s", err);
    stop_after = 0;
    CHECK(output_commit(&o, err, sizeof err) == -1, "a cancelled capture fails");
    CHECK(output_capture_count(kept) == 2, "two files kept, not %d", output_capture_count(kept));
    const void *data;
    size_t len;
    const char *path = output_capture_file(kept, 0, &data, &len);
    CHECK(strcmp(path, path_in_dir("k1.csv")) == 0 && len == 4 && memcmp(data, "a,b\n", 4) == 0,
          "the first file, whole");
    path = output_capture_file(kept, 1, &data, &len);
    CHECK(strcmp(path, path_in_dir("k2.csv")) == 0 && len > 1000, "the second, %zu bytes", len);
    CHECK(others("k1.csv") == 0 && access(path_in_dir("k1.csv"), F_OK) != 0 &&
              access(path_in_dir("k2.csv"), F_OK) != 0, "nothing written to the folder");
    output_capture_free(kept);
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
    CHECK(output_stream_check(f, NULL, &errnum) == 0, "nothing written: no error");
    fputs("text\n", f);
    CHECK(output_stream_check(f, NULL, &errnum) == -1 && errnum == ENOSPC,
          "/dev/full: errnum %d (%s), expected ENOSPC", errnum, strerror(errnum));
    CHECK(output_stream_check(f, NULL, &errnum) == 0, "the error is reported once");
    fclose(f);
}

/* ---- the policy and the trackers belong to their callers ---- */

enum { ROUNDS = 200 };

typedef struct writer {
    output_policy policy;
    const char *prefix;
    int written, failed;        /* files found after writing, writes that failed */
} writer;

/* Writes ROUNDS files, each checked right after its write, while the
 * other writer, with the other policy, writes its own. */
static void *write_files(void *arg)
{
    writer *w = arg;
    char path[600], err[512];
    for (int i = 0; i < ROUNDS; i++) {
        snprintf(path, sizeof path, "%s/%s%d.csv", dir, w->prefix, i);  /* path_in_dir is one thread's */
        if (output_write_file(path, "x,y\n1,2\n", 8, &w->policy, err, sizeof err) != 0)
            w->failed++;
        char *text = slurp(path, NULL);
        w->written += text && strcmp(text, "x,y\n1,2\n") == 0;
        free(text);
        unlink(path);
    }
    return NULL;
}

/* Two writers in two threads, one discarding and one keeping: each gets
 * what its own policy says, whatever the other does meanwhile. */
static void test_two_policies(void)
{
    writer keep = {{NULL, 0, NULL}, "keep", 0, 0}, discard = {{NULL, 1, NULL}, "gone", 0, 0};
    pthread_t a, b;
    pthread_create(&a, NULL, write_files, &discard);
    pthread_create(&b, NULL, write_files, &keep);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    CHECK(keep.written == ROUNDS && keep.failed == 0, "kept: %d of %d files, %d failures",
          keep.written, ROUNDS, keep.failed);
    CHECK(discard.written == 0 && discard.failed == 0, "discarded: %d files written, %d failures",
          discard.written, discard.failed);
    CHECK(leftover_temporaries() == 0, "a temporary is left");
}

/* Two tracked streams keep their own reasons: a full device's ENOSPC and a
 * descriptor open only for reading's EBADF, each reported once. */
static void test_two_trackers(void)
{
    int full = open("/dev/full", O_WRONLY), readonly = open("/dev/null", O_RDONLY);
    if (full < 0 || readonly < 0) {
        printf("skip: no /dev/full\n");
        return;
    }
    output_tracker a, b;
    output_track(&a, full);
    output_track(&b, readonly);
    CHECK(a.f && b.f, "the tracked streams were not made");
    if (!a.f || !b.f)
        return;
    int errnum = 0;
    fputs("to a full device\n", a.f);
    fputs("to a descriptor open for reading\n", b.f);
    fflush(a.f);                /* unchecked: stdio forgets why */
    fflush(b.f);
    CHECK(output_stream_check(a.f, &a, &errnum) == -1 && errnum == ENOSPC,
          "the full device: errnum %d (%s), expected ENOSPC", errnum, strerror(errnum));
    CHECK(output_stream_check(b.f, &b, &errnum) == -1 && errnum == EBADF,
          "the read-only descriptor: errnum %d (%s), expected EBADF", errnum, strerror(errnum));
    CHECK(output_stream_check(a.f, &a, &errnum) == 0 && a.error == 0, "the full device: reported twice");
    CHECK(output_stream_check(b.f, &b, &errnum) == 0 && b.error == 0,
          "the read-only descriptor: reported twice");
    fclose(a.f);
    fclose(b.f);
    close(full);
    close(readonly);
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
    test_capture();
    test_stream();
    test_two_policies();
    test_two_trackers();
    unlink(path_in_dir("a.csv"));
    rmdir(dir);
    if (failures == 0)
        printf("PASS: test_outfile\n");
    return failures ? 1 : 0;
}
