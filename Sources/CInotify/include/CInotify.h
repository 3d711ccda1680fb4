#ifndef CINOTIFY_H
#define CINOTIFY_H

#include <stdint.h>
#include <sys/types.h>

/// Event bits, as the kernel defines them (see inotify(7)).
enum {
    CINOTIFY_ACCESS = 0x00000001,
    CINOTIFY_MODIFY = 0x00000002,
    CINOTIFY_ATTRIB = 0x00000004,
    CINOTIFY_CLOSE_WRITE = 0x00000008,
    CINOTIFY_CLOSE_NOWRITE = 0x00000010,
    CINOTIFY_OPEN = 0x00000020,
    CINOTIFY_MOVED_FROM = 0x00000040,
    CINOTIFY_MOVED_TO = 0x00000080,
    CINOTIFY_CREATE = 0x00000100,
    CINOTIFY_DELETE = 0x00000200,
    CINOTIFY_DELETE_SELF = 0x00000400,
    CINOTIFY_MOVE_SELF = 0x00000800,
    CINOTIFY_UNMOUNT = 0x00002000,
    CINOTIFY_Q_OVERFLOW = 0x00004000,
    CINOTIFY_IGNORED = 0x00008000,
    CINOTIFY_ONLYDIR = 0x01000000,
    CINOTIFY_DONT_FOLLOW = 0x02000000,
    CINOTIFY_EXCL_UNLINK = 0x04000000,
    CINOTIFY_ISDIR = 0x40000000,
};

/// One decoded event. `name` holds `name_length` bytes of the file name (no NUL padding);
/// it is empty for events about the watched directory itself.
typedef struct {
    int32_t wd;
    uint32_t mask;
    uint32_t cookie;
    uint32_t name_length;
    char name[256];
} cinotify_event;

/// An opaque buffer that holds what one `read` returned and decodes it event by event.
typedef struct cinotify_buffer cinotify_buffer;

/// `inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`. Returns the descriptor, or -errno.
int cinotify_init(void);

/// `inotify_add_watch`. Returns the watch descriptor, or -errno.
int cinotify_add_watch(int fd, const char *path, uint32_t mask);

/// `inotify_rm_watch`. Returns 0, or -errno.
int cinotify_rm_watch(int fd, int wd);

cinotify_buffer *cinotify_buffer_create(void);
void cinotify_buffer_destroy(cinotify_buffer *buffer);

/// Reads what is pending on `fd` into `buffer` (replacing what it held).
/// Returns the number of bytes read, 0 when nothing is pending (EAGAIN), or -errno.
ssize_t cinotify_read(int fd, cinotify_buffer *buffer);

/// Decodes the next event of the last read into `event`. Returns 1, or 0 when the read is used up.
int cinotify_next_event(cinotify_buffer *buffer, cinotify_event *event);

/// Waits until `fd` or `wake_fd` is readable or `timeout_ms` passes (poll(2), EINTR retried).
/// Returns a bit set: 1 when `fd` is readable, 2 when `wake_fd` is; 0 on timeout; -errno on error.
int cinotify_wait(int fd, int wake_fd, int timeout_ms);

/// An eventfd used to wake `cinotify_wait` from another thread. Returns the fd or -errno.
int cinotify_wake_create(void);
/// Makes `wake_fd` readable. Returns 0 or -errno.
int cinotify_wake(int wake_fd);
/// Makes `wake_fd` unreadable again.
void cinotify_drain(int wake_fd);

#endif
