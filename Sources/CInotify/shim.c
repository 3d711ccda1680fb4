#define _GNU_SOURCE
#include "CInotify.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

struct cinotify_buffer {
    size_t length;
    size_t offset;
    /* Room for many events; aligned as the kernel's struct requires. */
    char bytes[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
};

int cinotify_init(void) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int cinotify_add_watch(int fd, const char *path, uint32_t mask) {
    int wd = inotify_add_watch(fd, path, mask);
    return wd < 0 ? -errno : wd;
}

int cinotify_rm_watch(int fd, int wd) {
    return inotify_rm_watch(fd, wd) < 0 ? -errno : 0;
}

cinotify_buffer *cinotify_buffer_create(void) {
    cinotify_buffer *buffer = calloc(1, sizeof(cinotify_buffer));
    return buffer;
}

void cinotify_buffer_destroy(cinotify_buffer *buffer) { free(buffer); }

ssize_t cinotify_read(int fd, cinotify_buffer *buffer) {
    buffer->length = 0;
    buffer->offset = 0;
    for (;;) {
        ssize_t n = read(fd, buffer->bytes, sizeof(buffer->bytes));
        if (n >= 0) {
            buffer->length = (size_t)n;
            return n;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -errno;
    }
}

int cinotify_next_event(cinotify_buffer *buffer, cinotify_event *event) {
    if (buffer->offset + sizeof(struct inotify_event) > buffer->length) return 0;
    const struct inotify_event *raw = (const struct inotify_event *)(buffer->bytes + buffer->offset);
    buffer->offset += sizeof(struct inotify_event) + raw->len;
    event->wd = raw->wd;
    event->mask = raw->mask;
    event->cookie = raw->cookie;
    size_t n = raw->len > 0 ? strnlen(raw->name, raw->len) : 0;
    if (n > sizeof(event->name)) n = sizeof(event->name);
    memcpy(event->name, raw->name, n);
    event->name_length = (uint32_t)n;
    return 1;
}

int cinotify_wait(int fd, int wake_fd, int timeout_ms) {
    struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
    for (;;) {
        int n = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        int result = 0;
        if (fds[0].revents) result |= 1;
        if (wake_fd >= 0 && fds[1].revents) result |= 2;
        return result;
    }
}

int cinotify_wake_create(void) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

int cinotify_wake(int wake_fd) {
    uint64_t one = 1;
    for (;;) {
        if (write(wake_fd, &one, sizeof(one)) >= 0) return 0;
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return 0;
        return -errno;
    }
}

void cinotify_drain(int wake_fd) {
    uint64_t value;
    while (read(wake_fd, &value, sizeof(value)) < 0 && errno == EINTR) {
    }
}
