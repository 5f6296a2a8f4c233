package dev.jerla.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshImageTest {
    @TempDir
    Path tmp;

    private Path baseImage() throws IOException {
        Path base = tmp.resolve("base.cpio.gz");
        try (OutputStream out = Files.newOutputStream(base); InitramfsWriter image = new InitramfsWriter(out, 1000)) {
            image.directory("bin", 0755);
            image.file("bin/busybox", 0755, "BUSYBOX".getBytes(StandardCharsets.UTF_8));
            image.symlink("bin/sh", "/bin/busybox");
            image.directory("dev", 0755);
            image.characterDevice("dev/console", 0600, 5, 1);
            image.directory("etc", 0755);
            image.file("etc/shadow", 0600, "root::19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n"
                    .getBytes(StandardCharsets.UTF_8));
            image.file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            image.directory("root", 0700);
        }
        return base;
    }

    @Test
    void assembleKeepsTheBaseReplacesInPlaceAndAppendsTheRest() throws IOException {
        Path out = tmp.resolve("ssh.cpio.gz");
        int entries = SshImage.assemble(baseImage(), List.of(
                new SshImage.RegularFile("etc/shadow", 0600, "root:HASH:::\n".getBytes(StandardCharsets.UTF_8)),
                new SshImage.Directory("root/.ssh", 0700),
                new SshImage.RegularFile("root/.ssh/authorized_keys", 0600, "ssh-ed25519 AAAA k\n".getBytes(StandardCharsets.UTF_8)),
                new SshImage.RegularFile("usr/sbin/dropbear", 0755, "DROPBEAR".getBytes(StandardCharsets.UTF_8)),
                new SshImage.Symlink("var/run", "/run")), out, 1000);
        InitramfsIndex index = InitramfsIndex.read(out);
        List<String> paths = new ArrayList<>(index.entries().keySet());
        assertEquals(List.of("/bin", "/bin/busybox", "/bin/sh", "/dev", "/dev/console", "/etc", "/etc/shadow",
                "/etc/passwd", "/root", "/root/.ssh", "/root/.ssh/authorized_keys", "/usr", "/usr/sbin",
                "/usr/sbin/dropbear", "/var", "/var/run"), paths);
        assertEquals(paths.size(), entries + 3, "the parents /usr, /usr/sbin and /var are written by the writer itself");
        assertEquals("root:HASH:::\n", SshImage.readFile(out, "etc/shadow"));
        assertEquals("BUSYBOX", SshImage.readFile(out, "bin/busybox"));
        InitramfsIndex.Entry console = index.get("/dev/console").orElseThrow();
        assertTrue(console.isCharacterDevice());
        assertEquals(5, console.rdevMajor());
        assertEquals(1, console.rdevMinor());
        assertEquals("/bin/busybox", index.get("/bin/sh").orElseThrow().linkTarget());
        assertEquals(0700, index.get("/root/.ssh").orElseThrow().permissions());
        assertEquals(0600, index.get("/root/.ssh/authorized_keys").orElseThrow().permissions());
        assertEquals("/run", index.get("/var/run").orElseThrow().linkTarget());
    }

    @Test
    void membersCarryTheProgramsKeysAndRootsPassword() throws IOException {
        Path build = Files.createDirectories(tmp.resolve("dropbear-1.0"));
        for (String program : DropbearBuild.PROGRAMS) {
            Files.writeString(build.resolve(program), program.toUpperCase());
        }
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Files.writeString(keys.resolve("dropbear_" + type + "_host_key"), type);
        }
        Files.writeString(keys.resolve(SshImage.CLIENT_KEY + ".pub"), "ssh-ed25519 AAAA jerla-ssh-image\n");
        List<SshImage.Member> members = SshImage.members(new DropbearBuild.Build("1.0", build), keys,
                "root::19000:0:99999:7:::\n");
        List<String> paths = members.stream().map(SshImage.Member::path).toList();
        assertEquals(List.of("init", "usr/sbin/dropbear", "usr/bin/dropbearkey", "usr/bin/dbclient", "usr/bin/scp",
                "etc/dropbear", "etc/dropbear/dropbear_ed25519_host_key", "etc/dropbear/dropbear_ecdsa_host_key",
                "etc/dropbear/dropbear_rsa_host_key", "root/.ssh", "root/.ssh/authorized_keys", "etc/shadow", "var/run"),
                paths);
        SshImage.RegularFile shadow = (SshImage.RegularFile) members.get(paths.indexOf("etc/shadow"));
        assertEquals("root:" + SshImage.DEMO_PASSWORD_HASH + ":19000:0:99999:7:::\n",
                new String(shadow.content(), StandardCharsets.UTF_8));
        SshImage.RegularFile init = (SshImage.RegularFile) members.getFirst();
        assertTrue(new String(init.content(), StandardCharsets.UTF_8).contains("/usr/sbin/dropbear -F -E -p 22 -r /etc/dropbear/dropbear_ed25519_host_key"));
    }

    @Test
    void rootPasswordReplacesOnlyRootsField() {
        assertEquals("root:H:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
                SshImage.withRootPassword("root::19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", "H"));
        assertEquals("root:H:19000:0:99999:7:::\ndaemon:*:1:::::\n",
                SshImage.withRootPassword("daemon:*:1:::::\n", "H"));
    }

    @Test
    void publicKeyLineComesFromDropbearkeyOutput() throws ImageException {
        String printed = """
                Public key portion is:
                ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0 root@vm
                Fingerprint: SHA256:fiBvvqERrZ4x9j2
                """;
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0 jerla-ssh-image\n", SshImage.publicKeyLine(printed));
        assertThrows(ImageException.class, () -> SshImage.publicKeyLine("Fingerprint: x\n"));
    }
}
