package dev.herald.transport.mqtt.websocket;

import dev.herald.broker.server.HeraldServer;
import dev.herald.testsupport.HeadlessChromium;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MQTT over WebSocket from a real browser: headless Chromium, driven by Selenium, opens a
 * page that runs Eclipse Paho's JavaScript client (from its webjar) against a {@code ws://}
 * listener, while a Java client (Paho over TCP) publishes and subscribes beside it. Tagged
 * {@code browser}: it runs in the {@code browser-tests} profile, and is skipped, with the
 * reason, where no Chromium and chromedriver are on the PATH.
 */
@Tag("browser")
class BrowserMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String WEBJAR = "META-INF/resources/webjars/paho-mqtt/";

    /** The page: connect, subscribe, say so in #state, publish a greeting; each message arrives in #messages. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Herald over WebSocket</title>
            <script src="paho-mqtt.js"></script></head>
            <body><p id="state">loading</p><ul id="messages"></ul>
            <script>
              var state = document.getElementById("state");
              var client = new Paho.Client("127.0.0.1", PORT, "/mqtt", "browser-1");
              client.onMessageArrived = function (message) {
                var item = document.createElement("li");
                item.textContent = message.destinationName + " " + message.payloadString;
                document.getElementById("messages").appendChild(item);
              };
              client.onConnectionLost = function (response) { state.textContent = "lost: " + response.errorMessage; };
              state.textContent = "connecting";
              client.connect({mqttVersion: 4, timeout: 10,
                onFailure: function (e) { state.textContent = "failed: " + e.errorMessage; },
                onSuccess: function () {
                  client.subscribe("sensors/#", {qos: 1, onSuccess: function () {
                    state.textContent = "subscribed";
                    client.send("browser/greetings", "hello from the browser", 1, false);
                  }});
                }});
            </script></body></html>
            """;

    @TempDir
    Path profile;
    @TempDir
    Path site;

    private HeraldServer server;
    private WebDriver browser;
    private MqttClient java;

    @BeforeEach
    void startServerAndBrowser() throws Exception {
        Optional<HeadlessChromium.Programs> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), HeadlessChromium.MISSING);
        server = HeraldServer.builder().listeners("mqtt://127.0.0.1:0,ws://127.0.0.1:0/mqtt").build().start();
        java = new MqttClient("tcp://127.0.0.1:" + server.port("mqtt"), "java-1", new MemoryPersistence());
        java.connect();

        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().browser().toFile())
                .addArguments(HeadlessChromium.arguments(profile));
        browser = new ChromeDriver(new ChromeDriverService.Builder() // the driver on the PATH: nothing is downloaded
                .usingDriverExecutable(chromium.get().driver().toFile()).usingAnyFreePort().build(), options);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (java != null) {
            java.disconnectForcibly(1000);
            java.close(true);
        }
        if (server != null) {
            server.close();
        }
    }

    /** Copies Paho's JavaScript client out of its webjar, beside the page, and returns the page's URL. */
    private String page() throws IOException {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        Properties webjar = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/paho-mqtt/pom.properties")) {
            assumeTrue(in != null, "the webjar org.webjars.npm:paho-mqtt is not on the class path");
            webjar.load(in);
        }
        try (InputStream script = loader.getResourceAsStream(WEBJAR + webjar.getProperty("version") + "/paho-mqtt.js")) {
            Files.copy(script, site.resolve("paho-mqtt.js"));
        }
        Path page = site.resolve("index.html");
        Files.writeString(page, PAGE.replace("PORT", String.valueOf(server.port("ws"))), StandardCharsets.UTF_8);
        return page.toUri().toString();
    }

    @Test
    void aBrowserSubscribesOverWebSocketAndGetsWhatAJavaClientPublishes() throws Exception {
        BlockingQueue<String> toJava = new LinkedBlockingQueue<>();
        java.subscribe("browser/#", 1, (topic, message) ->
                toJava.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));

        browser.get(page());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.textToBe(By.id("state"), "subscribed"));
        assertEquals("browser/greetings hello from the browser", toJava.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        java.publish("sensors/kitchen", "21.5 from Java".getBytes(StandardCharsets.UTF_8), 1, false);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li"), "sensors/kitchen 21.5 from Java"));
    }
}
