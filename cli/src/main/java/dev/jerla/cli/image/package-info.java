/**
 * System images: the initramfs (cpio "newc", gzip) that {@code jerla run} boots. The default image
 * holds Debian's static BusyBox, taken out of the busybox-static package with this package's own
 * .deb reader, its applet links, and the files a shell expects in /etc. The SSH image adds
 * dropbear to it, compiled on the host from Debian's source package (DropbearBuild, DebianSource,
 * HostTools), with keys made at build time (SshImage).
 */
package dev.jerla.cli.image;
