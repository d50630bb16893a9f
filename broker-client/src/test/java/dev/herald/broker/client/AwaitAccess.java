package dev.herald.broker.client;

import java.util.function.BooleanSupplier;

/** Lets tests of the internal package use {@link Await}. */
public final class AwaitAccess {

    private AwaitAccess() {
    }

    public static void until(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }
}
