/**
 * The {@code herald} command: {@code herald pub} publishes messages, {@code herald sub}
 * prints the messages of topics, and {@code herald serve} runs a broker with every server
 * option as a flag. {@link dev.herald.cli.Herald#main} is the program.
 */
module dev.herald.cli {
    requires dev.herald.broker.client;
    requires dev.herald.broker.server;
    requires info.picocli;
    requires java.logging;

    // picocli fills the commands' annotated fields
    opens dev.herald.cli to info.picocli;
}
