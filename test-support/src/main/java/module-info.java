/**
 * What Herald's tests share: {@link dev.herald.testsupport.Await} waits for a condition with
 * a deadline instead of sleeping, {@link dev.herald.testsupport.MutableClock} is a clock
 * that tests move by hand, {@link dev.herald.testsupport.WebSocketClient} is the JDK's
 * WebSocket client with the server's frames as a byte stream, and
 * {@link dev.herald.testsupport.HeadlessChromium} finds the browser that the browser tests drive.
 */
module dev.herald.testsupport {
    requires java.net.http;

    exports dev.herald.testsupport;
}
