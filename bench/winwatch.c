/*
 * winwatch: when did an app's window first show its settled first screen?
 *
 * Used by scripts/bench-desktop.sh, the same way for Lifeboat and for the hello-world baseline, without any hook
 * in either app. Given the app's pid and the moment it was spawned, it polls the X server:
 *   1. finds the app's top-level window (a viewable child of the root whose _NET_WM_PID is the pid, or whose
 *      WM_NAME is the given title),
 *   2. grabs the window's pixels every few milliseconds (MIT-SHM when the server has it, else XGetImage) and
 *      hashes them,
 *   3. stops when the picture has been non-blank (not one single colour) and unchanged for --settle ms.
 * It prints the time from spawn to the first grab that showed that settled picture, in milliseconds, and can
 * save that picture as a PPM file.
 *
 *   winwatch --pid PID --t0 EPOCH_SECONDS.MICROS [--title T] [--settle MS] [--timeout MS] [--interval MS]
 *            [--shot FILE.ppm] [--frames DIR]
 *
 * Output on success (exit 0), one line:
 *   start_ms=1234.5 window_ms=300.2 paint_ms=700.9 grabs=87 cpu_ms=150 width=1100 height=760
 * window_ms: the window was first found viewable; paint_ms: the first non-blank grab (for diagnosis); cpu_ms: the
 * CPU time winwatch itself used (it shares the machine with the app it measures).
 * --frames DIR saves every distinct picture as DIR/<ms since spawn>.ppm (diagnosis only: it slows the grabs).
 * Exit 1 when the app died, the window never appeared, or nothing settled before --timeout.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

static int x_error_seen;
static int on_x_error(Display *d, XErrorEvent *e) {
    (void)d;
    (void)e;
    x_error_seen = 1;
    return 0;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(double ms) {
    struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (double)((time_t)(ms / 1000)) * 1000) * 1e6)};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

static int pid_alive(pid_t pid) {
    char path[64], state = 0;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    /* pid (comm) state ...: comm may hold spaces, the state follows the last ')'. */
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (p && p[1] == ' ') state = p[2];
    return state != 0 && state != 'Z' && state != 'X';
}

static Atom atom_pid, atom_cardinal;

/* The viewable top-level window of pid (or titled title). Xvfb runs without a window manager here, so the
 * app's windows are direct children of the root. */
static Window find_window(Display *d, pid_t pid, const char *title) {
    Window root = DefaultRootWindow(d), r, parent, *kids = NULL, found = 0;
    unsigned int n = 0;
    if (!XQueryTree(d, root, &r, &parent, &kids, &n)) return 0;
    for (unsigned int i = n; i-- > 0 && !found;) { /* topmost first */
        XWindowAttributes wa;
        x_error_seen = 0;
        if (!XGetWindowAttributes(d, kids[i], &wa) || x_error_seen) continue;
        if (wa.map_state != IsViewable || wa.class != InputOutput || wa.width < 50 || wa.height < 50) continue;
        Atom type;
        int format;
        unsigned long items, after;
        unsigned char *prop = NULL;
        if (XGetWindowProperty(d, kids[i], atom_pid, 0, 1, False, atom_cardinal, &type, &format, &items, &after,
                               &prop) == Success &&
            prop) {
            if (format == 32 && items == 1 && (pid_t)(*(unsigned long *)prop) == pid) found = kids[i];
            XFree(prop);
        }
        if (!found && title) {
            char *name = NULL;
            if (XFetchName(d, kids[i], &name) && name) {
                if (strcmp(name, title) == 0) found = kids[i];
                XFree(name);
            }
        }
    }
    if (kids) XFree(kids);
    return found;
}

/* FNV-1a over 64-bit words (the tail byte by byte): cheap enough to hash a whole window every few ms without
 * taking much CPU from the app being measured. */
static uint64_t hash_bytes(const unsigned char *p, size_t n, uint64_t h) {
    size_t words = n / 8;
    for (size_t i = 0; i < words; i++) {
        uint64_t w;
        memcpy(&w, p + 8 * i, 8);
        h ^= w;
        h *= 1099511628211ULL;
    }
    for (size_t i = words * 8; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Blank: every pixel the colour of the first one (a window the web view has not painted yet). */
static int is_blank(XImage *img, int width, int height) {
    if (img->bits_per_pixel == 32) {
        uint32_t mask = (uint32_t)(img->red_mask | img->green_mask | img->blue_mask);
        uint32_t first = *(uint32_t *)img->data & mask;
        for (int y = 0; y < height; y++) {
            const uint32_t *row = (const uint32_t *)(img->data + (size_t)y * img->bytes_per_line);
            for (int x = 0; x < width; x++)
                if ((row[x] & mask) != first) return 0;
        }
        return 1;
    }
    unsigned long first = XGetPixel(img, 0, 0);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            if (XGetPixel(img, x, y) != first) return 0;
    return 1;
}

static unsigned char channel(unsigned long pixel, unsigned long mask) {
    if (!mask) return 0;
    unsigned long v = (pixel & mask) >> __builtin_ctzl(mask);
    unsigned long max = mask >> __builtin_ctzl(mask);
    return (unsigned char)(v * 255 / max);
}

static void write_ppm(const char *path, XImage *img, Visual *visual, int width, int height) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fprintf(f, "P6\n%d %d\n255\n", width, height);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            unsigned long p = XGetPixel(img, x, y);
            unsigned char rgb[3] = {channel(p, visual->red_mask), channel(p, visual->green_mask),
                                    channel(p, visual->blue_mask)};
            fwrite(rgb, 1, 3, f);
        }
    fclose(f);
}

static void usage(void) {
    fprintf(stderr, "usage: winwatch --pid PID --t0 EPOCH_SECONDS [--title T] [--settle MS] [--timeout MS] "
                    "[--interval MS] [--shot FILE.ppm] [--frames DIR]\n");
    exit(2);
}

int main(int argc, char **argv) {
    pid_t pid = 0;
    double t0 = 0, settle_ms = 1000, timeout_ms = 30000, interval_ms = 10;
    const char *title = NULL, *shot = NULL, *frames = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) usage();
        if (!strcmp(argv[i], "--pid")) pid = (pid_t)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--t0")) t0 = atof(argv[++i]);
        else if (!strcmp(argv[i], "--title")) title = argv[++i];
        else if (!strcmp(argv[i], "--settle")) settle_ms = atof(argv[++i]);
        else if (!strcmp(argv[i], "--timeout")) timeout_ms = atof(argv[++i]);
        else if (!strcmp(argv[i], "--interval")) interval_ms = atof(argv[++i]);
        else if (!strcmp(argv[i], "--shot")) shot = argv[++i];
        else if (!strcmp(argv[i], "--frames")) frames = argv[++i];
        else usage();
    }
    if (pid <= 0 || t0 <= 0) usage();

    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "winwatch: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(unset)");
        return 1;
    }
    XSetErrorHandler(on_x_error);
    atom_pid = XInternAtom(d, "_NET_WM_PID", False);
    atom_cardinal = XA_CARDINAL;
    int screen = DefaultScreen(d);
    Visual *visual = DefaultVisual(d, screen);
    int depth = DefaultDepth(d, screen);
    int use_shm = XShmQueryExtension(d);

    Window win = 0;
    int width = 0, height = 0;
    XShmSegmentInfo shminfo;
    memset(&shminfo, 0, sizeof shminfo);
    XImage *img = NULL;

    uint64_t last_hash = 0;
    int have_last = 0;
    double changed_at = 0; /* time of the first grab that showed the current picture */
    unsigned long grabs = 0;
    int last_blank = 1;
    double window_at = 0, paint_at = 0;

    for (;;) {
        double now = now_s();
        if ((now - t0) * 1000 > timeout_ms) {
            fprintf(stderr, "winwatch: timeout after %.0f ms (window %s, %lu grabs)\n", timeout_ms,
                    win ? "found" : "not found", grabs);
            return 1;
        }
        if (!pid_alive(pid)) {
            fprintf(stderr, "winwatch: process %d exited\n", (int)pid);
            return 1;
        }
        if (!win) {
            win = find_window(d, pid, title);
            if (!win) {
                sleep_ms(interval_ms);
                continue;
            }
            if (!window_at) window_at = now_s();
        }
        XWindowAttributes wa;
        x_error_seen = 0;
        if (!XGetWindowAttributes(d, win, &wa) || x_error_seen || wa.map_state != IsViewable) {
            win = 0; /* gone or unmapped: look again */
            have_last = 0;
            sleep_ms(interval_ms);
            continue;
        }
        if (wa.width != width || wa.height != height || (use_shm && !img)) {
            if (img) {
                if (use_shm) {
                    XShmDetach(d, &shminfo);
                    XDestroyImage(img);
                    shmdt(shminfo.shmaddr);
                } else {
                    XDestroyImage(img);
                }
                img = NULL;
            }
            width = wa.width;
            height = wa.height;
            if (use_shm) {
                img = XShmCreateImage(d, visual, depth, ZPixmap, NULL, &shminfo, width, height);
                shminfo.shmid = shmget(IPC_PRIVATE, (size_t)img->bytes_per_line * height, IPC_CREAT | 0600);
                shminfo.shmaddr = img->data = shmat(shminfo.shmid, NULL, 0);
                shminfo.readOnly = False;
                x_error_seen = 0;
                XShmAttach(d, &shminfo);
                XSync(d, False);
                shmctl(shminfo.shmid, IPC_RMID, NULL);
                if (x_error_seen) { /* no shared memory with this server: plain XGetImage */
                    XDestroyImage(img);
                    shmdt(shminfo.shmaddr);
                    img = NULL;
                    use_shm = 0;
                }
            }
        }
        x_error_seen = 0;
        int ok;
        XImage *grab = NULL;
        if (use_shm) {
            ok = XShmGetImage(d, win, img, 0, 0, AllPlanes);
            XSync(d, False);
            grab = img;
        } else {
            grab = XGetImage(d, win, 0, 0, (unsigned)width, (unsigned)height, AllPlanes, ZPixmap);
            ok = grab != NULL;
        }
        double grabbed_at = now_s();
        if (!ok || x_error_seen || !grab) {
            if (grab && !use_shm) XDestroyImage(grab);
            sleep_ms(interval_ms);
            continue;
        }
        grabs++;
        size_t len = (size_t)grab->bytes_per_line * (size_t)grab->height;
        uint64_t h = hash_bytes((unsigned char *)&width, sizeof width, 1469598103934665603ULL);
        h = hash_bytes((unsigned char *)&height, sizeof height, h);
        h = hash_bytes((unsigned char *)grab->data, len, h);
        if (!have_last || h != last_hash) {
            have_last = 1;
            last_hash = h;
            changed_at = grabbed_at;
            last_blank = is_blank(grab, width, height);
            if (!last_blank && !paint_at) paint_at = grabbed_at;
            if (frames) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%06.0f.ppm", frames, (grabbed_at - t0) * 1000);
                write_ppm(path, grab, visual, width, height);
            }
        } else if (!last_blank && (grabbed_at - changed_at) * 1000 >= settle_ms) {
            /* This grab shows the settled picture: save it as is. */
            if (shot) write_ppm(shot, grab, visual, width, height);
            if (!use_shm) XDestroyImage(grab);
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            double cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
                            (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
            printf("start_ms=%.1f window_ms=%.1f paint_ms=%.1f grabs=%lu cpu_ms=%.0f width=%d height=%d\n",
                   (changed_at - t0) * 1000, (window_at - t0) * 1000, (paint_at - t0) * 1000, grabs, cpu_ms, width,
                   height);
            return 0;
        }
        if (!use_shm) XDestroyImage(grab);
        sleep_ms(interval_ms);
    }
}
