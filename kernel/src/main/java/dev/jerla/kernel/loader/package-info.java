/**
 * Program loading for execve: argument limits, "#!" scripts, ELF64 x86-64 executables (static,
 * static-PIE, PIE and dynamic with an interpreter), the vDSO image announced by
 * AT_SYSINFO_EHDR, and the initial stack with its auxiliary vector, laid out as fs/exec.c and
 * fs/binfmt_elf.c do. Everything that can fail with an errno is
 * checked before the point of no return.
 *
 * <p>Takes no lock of its own; it calls into the task package (de_thread) and the memory manager.
 */
package dev.jerla.kernel.loader;
