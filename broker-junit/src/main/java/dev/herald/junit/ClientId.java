package dev.herald.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The client id of an injected {@link dev.herald.broker.client.HeraldClient} or
 * {@link dev.herald.broker.client.HeraldClient.Builder}. Without it the id is made from the
 * method's name and the parameter's position, such as {@code publishes-0}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClientId {

    /** The client id: 1 to 64 characters from {@code A-Z a-z 0-9 _ . : -}. */
    String value();
}
