package dev.jerla.cpu.jit;

import dev.jerla.cpu.exec.Block;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The compiler thread: turns queued {@link RegionPlan}s into hidden classes and installs them in
 * their {@link SharedRegions}. Guest threads only ever offer to its queue; a full queue drops the
 * request and the block is asked for again later.
 */
final class Compiler {
    private Compiler() {}

    private static final System.Logger LOG = System.getLogger("dev.jerla.cpu.jit");

    /**
     * HotSpot never compiles a method over 8000 bytecode bytes (HugeMethodLimit); a region that
     * comes out larger is formed again with fewer instructions.
     */
    static final int MAX_CODE_BYTES = 7900;

    record Request(RegionPlan plan, SharedRegions target, long generation) {}

    private static final BlockingQueue<Request> QUEUE = new ArrayBlockingQueue<>(256);
    private static final ClassFile CLASS_FILE = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(Compiler.class.getClassLoader()))));
    private static final ClassDesc NAME = ClassDesc.of("dev.jerla.cpu.jit.Region");

    static {
        Thread t = new Thread(Compiler::loop, "jerla-jit");
        t.setDaemon(true);
        t.start();
    }

    static boolean submit(Request r) {
        return QUEUE.offer(r);
    }

    private static void loop() {
        while (true) {
            Request r;
            try {
                r = QUEUE.take();
            } catch (InterruptedException e) {
                return;
            }
            Object code;
            try {
                code = compile(r.plan());
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "cannot compile the region at 0x" + Long.toHexString(r.plan().entry), e);
                code = SharedRegions.REJECTED;
            }
            r.target().install(r.plan().entry, r.generation(), code);
        }
    }

    /** The compiled region, or {@link SharedRegions#REJECTED} if even a small region is too large. */
    static Object compile(RegionPlan plan) {
        RegionPlan p = plan;
        while (true) {
            byte[] bytes = Translator.classFile(p, NAME, CLASS_FILE);
            if (codeLength(bytes) <= MAX_CODE_BYTES) return define(bytes, Translator.callouts(p));
            int n = p.insns.size() / 2;
            if (n < 4) return SharedRegions.REJECTED;
            p = p.shrink(n);
        }
    }

    static int codeLength(byte[] bytes) {
        for (MethodModel m : CLASS_FILE.parse(bytes).methods()) {
            if (m.methodName().equalsString("run")) {
                return m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            }
        }
        return 0;
    }

    /** Defines the hidden class; its class data are the blocks its call-outs hand to the interpreter. */
    private static CompiledRegion define(byte[] bytes, Block[] callouts) {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, callouts, true);
            return (CompiledRegion) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
