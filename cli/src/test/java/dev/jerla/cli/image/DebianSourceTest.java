package dev.jerla.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DebianSourceTest {
    @Test
    void oneLineEntriesBecomeSourceEntriesOnce() {
        String host = """
                # the main archive
                deb http://mirror.example/debian bookworm main
                deb-src http://mirror.example/debian bookworm main
                deb [arch=amd64 signed-by=/k.gpg] http://other.example/apt stable main
                  deb\thttp://mirror.example/debian-security bookworm-security main
                """;
        assertEquals("""
                deb-src http://mirror.example/debian bookworm main
                deb-src [arch=amd64 signed-by=/k.gpg] http://other.example/apt stable main
                deb-src\thttp://mirror.example/debian-security bookworm-security main
                """, DebianSource.sourceLines(host));
    }

    @Test
    void deb822StanzasGetSourceTypesAndKeepTheirOtherFields() {
        String host = """
                Types: deb
                # a snapshot comment
                URIs: http://mirror.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb deb-src
                URIs: http://mirror.example/debian-security
                Suites: bookworm-security
                Components: main
                Signed-By:
                 -----BEGIN PGP PUBLIC KEY BLOCK-----
                 .
                 mQINBF
                 -----END PGP PUBLIC KEY BLOCK-----

                Types: something-else
                URIs: http://mirror.example/other
                """;
        assertEquals("""
                Types: deb-src
                # a snapshot comment
                URIs: http://mirror.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb-src
                URIs: http://mirror.example/debian-security
                Suites: bookworm-security
                Components: main
                Signed-By:
                 -----BEGIN PGP PUBLIC KEY BLOCK-----
                 .
                 mQINBF
                 -----END PGP PUBLIC KEY BLOCK-----
                """, DebianSource.sourceStanzas(host));
    }
}
