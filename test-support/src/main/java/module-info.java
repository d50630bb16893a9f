/**
 * What Herald's tests share: {@link dev.herald.testsupport.Await} waits for a condition with
 * a deadline instead of sleeping, and {@link dev.herald.testsupport.MutableClock} is a clock
 * that tests move by hand.
 */
module dev.herald.testsupport {
    exports dev.herald.testsupport;
}
