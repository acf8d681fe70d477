/* outfile.c - files written whole or not at all.  The temporary is written
 * through a stream of our own (fopencookie) so that the first failed
 * write's reason is kept exactly, and so that a cancelled run stops a long
 * write part-way. */
#define _GNU_SOURCE             /* fopencookie */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ssize_t write_chunk(void *cookie, const char *buf, size_t size)
{
    output_file *o = cookie;
    if (!o->error && cancel_requested(o->cancel))
        o->error = ECANCELED;
    size_t done = 0;
    while (!o->error && done < size) {
        ssize_t n = write(o->fd, buf + done, size - done);
        if (n > 0)
            done += (size_t)n;
        else if (n < 0 && errno != EINTR)
            o->error = errno;
        else if (n == 0)
            o->error = EIO;
    }
    return (ssize_t)done;       /* short: the stream marks itself in error */
}

static int close_fd(void *cookie)
{
    output_file *o = cookie;
    int rc = close(o->fd);
    if (rc != 0 && !o->error)
        o->error = errno;
    o->fd = -1;
    return rc;
}

/* mkstemp makes 0600 files; give the mode a plain fopen would. */
static void usual_mode(int fd)
{
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
}

static void release(output_file *o)
{
    free(o->path);
    free(o->tmp);
    free(o->mem);
    memset(o, 0, sizeof *o);
    o->fd = -1;
}

static int report(const char *path, int errnum, char *err, size_t errlen)
{
    snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errnum));
    return -1;
}

/* Discarding: the data goes to /dev/null, and there is no temporary. */
static int open_target(output_file *o, int discard)
{
    if (discard) {
        free(o->tmp);
        o->tmp = NULL;
        return open("/dev/null", O_WRONLY | O_CLOEXEC);
    }
    int fd = mkstemp(o->tmp);
    if (fd >= 0)
        usual_mode(fd);
    return fd;
}

/* Captured: the data goes to memory, and there is no temporary. */
static int open_captured(output_file *o, const char *path, const output_policy *policy, char *err,
                         size_t errlen)
{
    o->path = strdup(path);
    if (!o->path)
        abort();
    o->fd = -1;
    o->capture = policy->capture;
    o->cancel = policy->cancel;
    if ((o->f = open_memstream(&o->mem, &o->memlen)) != NULL)
        return 0;
    report(path, errno, err, errlen);
    release(o);
    return -1;
}

int output_open(output_file *o, const char *path, const output_policy *policy, char *err,
                size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (policy && policy->capture && !policy->discard)
        return open_captured(o, path, policy, err, errlen);
    size_t n = strlen(path) + sizeof ".tmpXXXXXX";
    o->path = strdup(path);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp)
        abort();
    snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
    o->cancel = output_cancel(policy);
    o->fd = open_target(o, policy && policy->discard);
    if (o->fd < 0) {
        report(path, errno, err, errlen);
        release(o);
        return -1;
    }
    cookie_io_functions_t io = {NULL, write_chunk, NULL, close_fd};
    if (!(o->f = fopencookie(o, "w", io))) {
        report(path, errno, err, errlen);
        close(o->fd);
        if (o->tmp)
            unlink(o->tmp);
        release(o);
        return -1;
    }
    return 0;
}

int output_commit(output_file *o, char *err, size_t errlen)
{
    if (fflush(o->f) != 0 && !o->error)
        o->error = errno ? errno : EIO;
    if (ferror(o->f) && !o->error)
        o->error = EIO;
    if (fclose(o->f) != 0 && !o->error)
        o->error = errno ? errno : EIO;
    o->f = NULL;
    if (!o->error && cancel_requested(o->cancel))
        o->error = ECANCELED;
    if (!o->error && o->capture)
        output_capture_add(o->capture, o->path, o->mem, o->memlen);
    if (!o->error && o->tmp && rename(o->tmp, o->path) != 0)
        o->error = errno;
    int rc = 0;
    if (o->error) {
        rc = report(o->path, o->error, err, errlen);
        if (o->tmp)
            unlink(o->tmp);
    }
    release(o);
    return rc;
}

void output_abort(output_file *o)
{
    if (o->f) {
        o->error = ECANCELED;   /* nothing more reaches the disk */
        fclose(o->f);
        if (o->tmp)
            unlink(o->tmp);
    }
    release(o);
}

int output_write_file(const char *path, const void *data, size_t len, const output_policy *policy,
                      char *err, size_t errlen)
{
    output_file o;
    if (output_open(&o, path, policy, err, errlen) != 0)
        return -1;
    fwrite(data, 1, len, o.f);
    return output_commit(&o, err, errlen);
}

typedef struct captured {
    char *path;
    void *data;
    size_t len;
} captured;

struct output_capture {
    pthread_mutex_t lock;
    captured *files;
    int n, cap;
};

output_capture *output_capture_new(void)
{
    output_capture *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void output_capture_free(output_capture *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n; i++) {
        free(c->files[i].path);
        free(c->files[i].data);
    }
    free(c->files);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int output_capture_count(const output_capture *c)
{
    return c ? c->n : 0;
}

const char *output_capture_file(const output_capture *c, int i, const void **data, size_t *len)
{
    *data = c->files[i].data;
    *len = c->files[i].len;
    return c->files[i].path;
}

void output_capture_add(output_capture *c, const char *path, const void *data, size_t len)
{
    captured f = {strdup(path), malloc(len ? len : 1), len};
    if (!f.path || !f.data)
        abort();
    memcpy(f.data, data, len);
    pthread_mutex_lock(&c->lock);
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4;
        c->files = realloc(c->files, (size_t)c->cap * sizeof *c->files);
        if (!c->files)
            abort();
    }
    c->files[c->n++] = f;
    pthread_mutex_unlock(&c->lock);
}

static ssize_t write_tracked(void *cookie, const char *buf, size_t size)
{
    output_tracker *t = cookie;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(t->fd, buf + done, size - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n == 0 || errno != EINTR) {
            if (!t->error)
                t->error = n < 0 ? errno : EIO;
            break;
        }
    }
    return (ssize_t)done;
}

void output_track(output_tracker *t, int fd)
{
    *t = (output_tracker){NULL, fd, 0};
    if (isatty(fd))
        return;
    cookie_io_functions_t io = {NULL, write_tracked, NULL, NULL};
    t->f = fopencookie(t, "w", io);
}

int output_stream_check(FILE *f, output_tracker *t, int *errnum)
{
    int tracked = t && t->f == f;
    errno = 0;
    int flushed = fflush(f) == 0;
    if (flushed && !ferror(f))
        return 0;
    *errnum = tracked && t->error ? t->error : !flushed && errno ? errno : EIO;
    if (tracked)
        t->error = 0;
    clearerr(f);
    return -1;
}
