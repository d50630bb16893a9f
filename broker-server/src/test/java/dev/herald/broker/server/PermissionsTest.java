package dev.herald.broker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Permissions of the users file: wildcard filters, deny entries, and clients without a user. */
class PermissionsTest extends ServerFixture {

    @TempDir
    Path dir;

    private void startWithUsers(String permissions) throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + hash("wonderland") + "\n" + permissions);
        start(b -> b.topics(List.of("*")).users(users));
    }

    private String startFailure(String permissions) {
        return assertThrows(IllegalArgumentException.class, () -> startWithUsers(permissions)).getMessage();
    }

    private LineClient alice() throws IOException {
        LineClient c = connect();
        c.send("CONN alice-1 alice wonderland").expect("CONN_ACK NEW 0");
        return c;
    }

    @Test
    void wildcardFiltersGrantTopicsLevelByLevel() throws IOException {
        startWithUsers("alice.publish = sensors/+/temp, alerts/#\n");
        LineClient alice = alice();
        alice.send("PUB sensors/kitchen/temp 21").expect("PUB_ACK sensors/kitchen/temp 1");
        alice.send("PUB alerts/fire/floor-2 now").expect("PUB_ACK alerts/fire/floor-2 2");
        alice.send("PUB alerts yes").expect("PUB_ACK alerts 3");
        alice.send("PUB sensors/kitchen/humidity 40").expectError("NOT_AUTHORIZED");
        alice.send("PUB sensors/temp 20").expectError("NOT_AUTHORIZED");
        alice.send("SUB anything/at/all").expect("SUB_ACK anything/at/all 0");
    }

    @Test
    void aDenyEntryWinsWhereverItStands() throws IOException {
        startWithUsers("alice.subscribe = !admin/#, #\nalice.publish = #, !admin/#\n");
        LineClient alice = alice();
        alice.send("SUB sensors/kitchen/temp").expect("SUB_ACK sensors/kitchen/temp 0");
        alice.send("SUB admin/keys").expectError("NOT_AUTHORIZED");
        alice.send("SUB admin").expectError("NOT_AUTHORIZED");
        alice.send("PUB admin/keys k").expectError("NOT_AUTHORIZED");
        alice.send("PUB administration x").expect("PUB_ACK administration 1");
    }

    @Test
    void aWildcardSubscriptionIsAllowedOnlyIfEveryTopicItCanMatchIs() throws IOException {
        startWithUsers("alice.subscribe = #, !admin/#\n");
        LineClient alice = alice();
        alice.send("SUB sensors/#").expect("SUB_ACK sensors/# 0");
        alice.send("SUB sensors/+/temp").expect("SUB_ACK sensors/+/temp 0");
        alice.send("SUB +/temp").expectError("NOT_AUTHORIZED"); // admin/temp too
        alice.send("SUB #").expectError("NOT_AUTHORIZED"); // it would reach admin/...
        alice.send("SUB +/keys").expectError("NOT_AUTHORIZED"); // admin/keys too
        alice.send("SUB admin/+").expectError("NOT_AUTHORIZED");
    }

    @Test
    void aSharedSubscriptionIsCheckedAsTheFilterAfterItsGroup() throws IOException {
        startWithUsers("alice.subscribe = sensors/#, !sensors/secret\n");
        LineClient alice = alice();
        alice.send("SUB $share/g/sensors/kitchen").expect("SUB_ACK $share/g/sensors/kitchen 0");
        alice.send("SUB $share/sensors/sensors/hall/#").expect("SUB_ACK $share/sensors/sensors/hall/# 0");
        alice.send("SUB $share/g/sensors/+").expectError("NOT_AUTHORIZED"); // sensors/secret too
        alice.send("SUB $share/g/sensors/secret").expectError("NOT_AUTHORIZED");
        alice.send("SUB $share/g/other").expectError("NOT_AUTHORIZED");
    }

    @Test
    void anEmptyListGrantsNothing() throws IOException {
        startWithUsers("alice.publish =\n");
        LineClient alice = alice();
        alice.send("PUB NEWS x").expectError("NOT_AUTHORIZED");
        alice.send("SUB NEWS").expect("SUB_ACK NEWS 0");
    }

    @Test
    void theAnonymousEntryLetsClientsWithoutAUserInWithItsOwnPermissions() throws IOException {
        startWithUsers("anonymous =\nanonymous.subscribe = public/#\n");
        LineClient guest = connect();
        guest.send("CONN guest-1").expect("CONN_ACK NEW 0");
        guest.send("SUB public/news").expect("SUB_ACK public/news 0");
        guest.send("SUB NEWS").expectError("NOT_AUTHORIZED");
        guest.send("PUB public/news hi").expectError("NOT_AUTHORIZED");
        LineClient alice = alice();
        alice.send("PUB public/news hello").expect("PUB_ACK public/news 1");
        assertTrue(guest.next().startsWith("MSG public/news 1 "));

        LineClient impostor = connect();
        impostor.send("CONN guest-2 anonymous x").expectError("BAD_CREDENTIALS");
        impostor.expectClosed();
    }

    @Test
    void withoutTheAnonymousEntryAClientWithoutAUserIsRefused() throws IOException {
        startWithUsers("");
        LineClient guest = connect();
        guest.send("CONN guest-1").expectError("BAD_CREDENTIALS");
        guest.expectClosed();
    }

    @Test
    void aBadPermissionStopsStartUpNamingTheUserAndTheEntry() {
        String filter = startFailure("alice.subscribe = sensors/#/temp\n");
        assertTrue(filter.contains("user alice") && filter.contains("alice.subscribe")
                && filter.contains("# must be the last level"), filter);
        String orphan = startFailure("alcie.publish = NEWS\n");
        assertTrue(orphan.contains("alcie.publish names no user"), orphan);
        String anonymousPassword = startFailure("anonymous = secret\n");
        assertTrue(anonymousPassword.contains("user anonymous") && anonymousPassword.contains("empty"), anonymousPassword);
    }
}
