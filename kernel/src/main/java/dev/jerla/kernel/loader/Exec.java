package dev.jerla.kernel.loader;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Mman;
import dev.jerla.abi.linux.Resource;
import dev.jerla.abi.linux.Signal;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.abi.linux.Wait;
import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.mm.MemoryManager.MappedFile;
import dev.jerla.kernel.signal.Fxsave;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.Credentials;
import dev.jerla.kernel.task.Exit;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.Threads;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Vfs;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * execve (fs/exec.c): argument limits, the binary format handlers ("#!" scripts, ELF), then,
 * past the point of no return, the new image: other threads killed, a fresh address space,
 * close-on-exec files closed, caught signals reset, the name and registers of the new program.
 */
public final class Exec {
    private Exec() {}

    /** MAX_ARG_STRLEN: one argument or environment string, NUL included. */
    public static final int MAX_ARG_STRLEN = 32 * 4096;
    /** MAX_ARG_STRINGS. */
    public static final int MAX_ARG_STRINGS = 0x7FFFFFFF;
    /** ARG_MAX: the least room for arguments whatever the stack limit. */
    private static final long ARG_MAX = 32 * 4096;
    /** _STK_LIM. */
    private static final long STK_LIM = 8L << 20;
    /** How many interpreters ("#!" levels) may be chained. */
    private static final int MAX_DEPTH = 5;
    /** AT_HWCAP: ELF_HWCAP is CPUID leaf 1 EDX, as the emulated CPU reports it. */
    public static final long HWCAP = dev.jerla.cpu.exec.CpuFeatures.LEAF1_EDX & 0xFFFFFFFFL;
    /**
     * AT_MINSIGSTKSZ: get_sigframe_size() for a plain FXSAVE frame: sizeof(rt_sigframe) and the
     * 512-byte FP image, each with 15 bytes of alignment slack, rounded to 16.
     */
    public static final long MINSIGSTKSZ = 992;
    /** The largest executable Jerla reads into memory. */
    private static final long MAX_IMAGE = 1L << 30;

    /** S_IXGRP: a set-group-ID bit without group execute marks mandatory locking, not a set-id program. */
    private static final int S_IXGRP = 00010;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Reads a NULL-terminated pointer array of strings (argv or envp) from guest memory.
     * EFAULT for a bad pointer, E2BIG for a string longer than MAX_ARG_STRLEN.
     */
    public static List<byte[]> readStrings(Task t, long addr) throws ErrnoException {
        List<byte[]> l = new ArrayList<>();
        if (addr == 0) return l;
        for (int i = 0; ; i++) {
            long p = t.mem().readLong(addr + 8L * i);
            if (p == 0) break;
            if (l.size() >= MAX_ARG_STRINGS) throw ErrnoException.of(Errno.E2BIG);
            byte[] s = t.mem().readCStringBytes(p, MAX_ARG_STRLEN - 1);
            if (s == null) throw ErrnoException.of(Errno.E2BIG);
            l.add(s);
        }
        return l;
    }

    /** bprm_stack_limits and copy_strings' accounting: E2BIG if the arguments do not fit. */
    static void checkLimits(Task t, List<byte[]> argv, List<byte[]> envp, byte[] execfn) throws ErrnoException {
        long rlim = t.group().rlimitCur(Resource.RLIMIT_STACK);
        long limit = STK_LIM / 4 * 3;
        if (rlim >= 0) limit = Math.min(limit, rlim / 4);
        limit = Math.max(limit, ARG_MAX);
        long ptrSize = (long) (Math.max(argv.size(), 1) + envp.size()) * 8;
        if (limit <= ptrSize) throw ErrnoException.of(Errno.E2BIG);
        limit -= ptrSize;
        for (byte[] s : argv) if (s.length + 1 > MAX_ARG_STRLEN) throw ErrnoException.of(Errno.E2BIG);
        for (byte[] s : envp) if (s.length + 1 > MAX_ARG_STRLEN) throw ErrnoException.of(Errno.E2BIG);
        if (InitialStack.stringBytes(argv, envp, execfn) > limit) throw ErrnoException.of(Errno.E2BIG);
    }

    /** The executable file and what the loader made of it, before the point of no return. */
    private record Prepared(FileDescription file, ElfLoader.Image image, FileDescription interpFile,
                            ElfLoader.Image interp, List<byte[]> argv) {
        void release() {
            file.release();
            if (interpFile != null) interpFile.release();
        }
    }

    /**
     * execve(2) of {@code path} with the given argument and environment strings. On success the
     * calling task runs the new program when it returns to user space (RAX 0); on failure
     * before the point of no return nothing changed.
     */
    public static void execve(Task t, String path, List<byte[]> argv, List<byte[]> envp) throws ErrnoException {
        if (argv.isEmpty()) argv = List.of(new byte[0]);
        byte[] execfn = GuestStrings.encode(path);
        checkLimits(t, argv, envp, execfn);
        Prepared p = prepare(t, path, argv);
        try {
            checkLimits(t, p.argv(), envp, execfn);
        } catch (ErrnoException e) {
            p.release();
            throw e;
        }
        commit(t, p, path, envp, execfn);
    }

    private static Prepared prepare(Task t, String path, List<byte[]> argv) throws ErrnoException {
        Vfs vfs = t.kernel().vfs();
        FileDescription file = vfs.openExec(t, path);
        byte[] interpName = null;
        try {
            for (int depth = 0; ; depth++) {
                if (depth > MAX_DEPTH) throw ErrnoException.of(Errno.ELOOP);
                byte[] head = new byte[Script.BINPRM_BUF_SIZE];
                int n = MemoryManager.readFully(file, head, 0);
                if (Script.isScript(head, n)) {
                    Script.Shebang s = Script.parse(head);
                    List<byte[]> nargv = new ArrayList<>();
                    nargv.add(s.interpreter());
                    if (s.argument() != null) nargv.add(s.argument());
                    nargv.add(interpName != null ? interpName : GuestStrings.encode(path));
                    nargv.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
                    argv = nargv;
                    interpName = s.interpreter();
                    FileDescription next = vfs.openExec(t, GuestStrings.decode(s.interpreter()));
                    file.release();
                    file = next;
                    continue;
                }
                if (!ElfHeader.isElf(head, n)) throw ErrnoException.of(Errno.ENOEXEC);
                ElfLoader.Image img = readImage(vfs, file);
                byte[] ip = ElfLoader.interpreterPath(img);
                if (ip == null) return new Prepared(file, img, null, null, argv);
                FileDescription ifile = vfs.openExec(t, GuestStrings.decode(ip));
                try {
                    ElfLoader.Image interp;
                    try {
                        interp = readImage(vfs, ifile);
                    } catch (ErrnoException e) {
                        throw e.errno() == Errno.ENOEXEC ? ErrnoException.of(Errno.ELIBBAD) : e;
                    }
                    return new Prepared(file, img, ifile, interp, argv);
                } catch (ErrnoException | RuntimeException e) {
                    ifile.release();
                    throw e;
                }
            }
        } catch (ErrnoException | RuntimeException e) {
            file.release();
            throw e;
        }
    }

    private static ElfLoader.Image readImage(Vfs vfs, FileDescription f) throws ErrnoException {
        byte[] b = new byte[64 * 1024];
        int n = 0;
        while (true) {
            if (n == b.length) {
                if (b.length >= MAX_IMAGE) throw ErrnoException.of(Errno.ENOMEM);
                b = java.util.Arrays.copyOf(b, b.length * 2);
            }
            int r = f.pread(b, n, b.length - n, n);
            if (r <= 0) break;
            n += r;
        }
        long dev = 0, ino = 0;
        try {
            var attr = f.inode().getattr();
            dev = attr.dev();
            ino = attr.ino();
        } catch (ErrnoException e) {
            // A file without attributes still loads; /proc/PID/maps shows 00:00 0 for it.
        }
        return ElfLoader.prepare(b, n, new MappedFile(f, vfs.pathOf(f), dev, ino));
    }

    /** Everything past the point of no return (begin_new_exec, setup_new_exec, load_elf_binary's second half). */
    private static void commit(Task t, Prepared p, String path, List<byte[]> envp, byte[] execfn) throws ErrnoException {
        try {
            Threads.deThread(t);
        } catch (ErrnoException e) {
            p.release();
            throw e;
        }
        MemoryManager old = t.mm();
        AddressSpace as = new AddressSpace();
        MemoryManager mm = new MemoryManager(as);
        try {
            mm.setStackLimit(t.group().rlimitCur(Resource.RLIMIT_STACK));
            mm.setAddressSpaceLimit(t.group().rlimitCur(Resource.RLIMIT_AS));
            ElfLoader.Loaded l = ElfLoader.load(mm, p.image(), p.interp());
            long vdso = mapVdso(mm);
            Credentials prev = t.creds();
            Credentials c = execCreds(prev, p.file(), t.group().noNewPrivs());
            boolean secure = secureExec(prev, c);
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            InitialStack.Layout st = InitialStack.build(MemoryManager.STACK_TOP, p.argv(), envp, execfn, random,
                    new InitialStack.AuxInput(HWCAP, 0, MINSIGSTKSZ, l.phdr(), l.phnum(), l.interpBase(),
                            l.programEntry(), c.uid(), c.euid(), c.gid(), c.egid(), secure, vdso));
            long stackStart = Math.min(MemoryManager.pageDown(st.sp()), stackBase(t, st.stringsStart()));
            int stackProt = Mman.PROT_READ | Mman.PROT_WRITE | (l.execStack() ? Mman.PROT_EXEC : 0);
            mm.mapStack(stackStart, stackProt, st.image());
            mm.setArgs(st.argStart(), st.argEnd(), st.envStart(), st.envEnd(), st.stringsStart());

            Cpu cpu = t.cpu();
            cpu.mmu().attach(as);
            t.mem().attach(as);
            t.setMm(mm);
            t.group().setMm(mm);
            Exit.execReleasesVfork(t);
            if (old != null) old.release();
            Threads.execFiles(t);
            Threads.execSignals(t);
            t.setCreds(c);
            // begin_new_exec: a process whose ids differ after exec is not dumpable (fs.suid_dumpable 0),
            // and the parent may no longer signal a privileged one through PR_SET_PDEATHSIG.
            t.group().setDumpable(c.euid() == c.uid() && c.egid() == c.gid());
            if (secure) t.setPdeathSignal(0);
            t.setClearChildTid(0);
            t.setRobustList(0, 0);
            t.setRestartBlock(null);
            t.setAltStack(0, 0, Signal.SS_DISABLE);
            t.setComm(basename(path));
            t.group().setExePath(t.kernel().vfs().pathOf(p.file()));
            for (int r = 0; r < 16; r++) cpu.setReg(r, 0);
            cpu.setReg(Cpu.RSP, st.sp());
            cpu.setRip(l.entry());
            cpu.setRflags(0x202);
            cpu.setFsBase(0);
            cpu.setGsBase(0);
            Fxsave.reset(cpu);
        } catch (ErrnoException | RuntimeException e) {
            t.kernel().log().println("jerla: execve of " + path + " failed after the point of no return: " + e);
            if (t.mm() != mm) mm.release();
            Signals.groupExit(t, Wait.signaled(Signal.SIGSEGV, false));
        } finally {
            p.release();
        }
    }

    /**
     * bprm_fill_uid and cap_bprm_creds_from_cred: a set-user-ID file makes its owner the effective
     * user, a set-group-ID file with group execute its group the effective group, unless the mount is
     * nosuid or no_new_privs is set; then the saved and filesystem ids follow the effective ones.
     */
    static Credentials execCreds(Credentials c, FileDescription file, boolean noNewPrivs) {
        int euid = c.euid(), egid = c.egid();
        Location loc = file.location();
        boolean maySuid = !noNewPrivs && (loc == null || (loc.mount().flags() & Statfs.MS_NOSUID) == 0);
        if (maySuid) {
            try {
                Attr a = file.inode().getattr();
                if ((a.mode() & Stat.S_ISUID) != 0) euid = a.uid();
                if ((a.mode() & (Stat.S_ISGID | S_IXGRP)) == (Stat.S_ISGID | S_IXGRP)) egid = a.gid();
            } catch (ErrnoException e) {
                // A file without attributes has no set-id bits to honour.
            }
        }
        return new Credentials(c.uid(), euid, euid, euid, c.gid(), egid, egid, egid, c.groups());
    }

    /** cap_bprm_creds_from_cred's secureexec: the new effective ids differ from the old real or effective ones. */
    static boolean secureExec(Credentials old, Credentials c) {
        boolean idChanged = c.euid() != old.euid() || !old.inGroup(c.egid());
        return idChanged || c.euid() != old.uid() || c.egid() != old.gid();
    }

    /**
     * setup_arg_pages: the initial stack reaches 128 KiB below the strings, but no further down than
     * RLIMIT_STACK below the top.
     */
    private static long stackBase(Task t, long stringsStart) {
        long expanded = MemoryManager.pageDown(stringsStart) - 128 * 1024;
        long limit = MemoryManager.pageDown(t.group().rlimitCur(Resource.RLIMIT_STACK));
        if (Long.compareUnsigned(limit, MemoryManager.STACK_TOP - expanded) < 0) return MemoryManager.STACK_TOP - limit;
        return expanded;
    }

    /**
     * map_vdso: the [vvar] data pages, read-only, and right above them the [vdso] image, read-only
     * and executable, where the memory manager finds room. Returns the vDSO's address.
     */
    private static long mapVdso(MemoryManager mm) throws ErrnoException {
        long at = mm.mmap(0, Vdso.VVAR_SIZE + Vdso.SIZE, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        mm.mapSpecial(at, Vdso.VVAR_SIZE, Mman.PROT_READ, new byte[0], "[vvar]");
        mm.mapSpecial(at + Vdso.VVAR_SIZE, Vdso.SIZE, Mman.PROT_READ | Mman.PROT_EXEC, Vdso.image(), "[vdso]");
        return at + Vdso.VVAR_SIZE;
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
