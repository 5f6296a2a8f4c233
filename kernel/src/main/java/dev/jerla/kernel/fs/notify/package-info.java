/**
 * File change notification (fs/notify): the hooks the VFS calls when names and files change
 * ({@link dev.jerla.kernel.fs.notify.Fsnotify}) and inotify instances that turn them into events
 * ({@link dev.jerla.kernel.fs.notify.InotifyFile}). Watches are keyed by filesystem and inode
 * number, so they work on every filesystem, including hostfs whose inode objects are made anew
 * on each lookup. Only changes made through Jerla are seen.
 *
 * <p>Lock order: {@code Fsnotify.mu} (the watch table) before an inotify instance's monitor
 * (its queue); neither is held while calling out.
 */
package dev.jerla.kernel.fs.notify;
