/**
 * The contract test kit that every Herald store passes: abstract JUnit Jupiter tests of the
 * {@code MessageStore} and {@code SubscriptionStore} rules, subclassed by each store's tests.
 */
module dev.herald.store.tck {
    requires transitive dev.herald.broker.api;
    requires transitive org.junit.jupiter.api;
    /* The kit's clock, which StoreContract.clock() hands to subclasses. */
    requires transitive dev.herald.testsupport;

    exports dev.herald.store.tck;
    // JUnit instantiates the nested test classes and calls their package-private methods.
    opens dev.herald.store.tck to org.junit.platform.commons;
}
