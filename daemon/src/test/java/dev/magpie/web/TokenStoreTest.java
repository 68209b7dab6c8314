package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aRevokeByAnotherProcessIsSeenEvenWithinTheSameFileTimeTick() throws Exception {
        // the daemon's store and the CLI's (magpie token revoke) over one file; the kernel's coarse file clock
        // gives writes a few milliseconds apart the same modification time
        TokenStore daemon = new TokenStore(dataDir, Clock.systemUTC());
        TokenStore cli = new TokenStore(dataDir, Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            String token = cli.create("script" + i);
            assertThat(daemon.verify(token)).as("round %d: a new token works", i).contains("script" + i);
            assertThat(cli.revoke("script" + i)).isTrue();
            assertThat(daemon.verify(token)).as("round %d: revoked at once", i).isEmpty();
        }
    }
}
