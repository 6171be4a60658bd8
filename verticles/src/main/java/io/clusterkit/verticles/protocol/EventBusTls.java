package io.clusterkit.verticles.protocol;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyStoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;

/**
 * TLS for the clustered event bus between every JVM of a cluster (the launcher and the workers
 * of every host), with client certificates: each JVM presents the certificate of its key store
 * and accepts only peers whose certificate its trust store vouches for. The store paths travel
 * in the environment ({@link #KEY_STORE}, {@link #TRUST_STORE}), their passwords too
 * ({@link #KEY_STORE_PASSWORD}, {@link #TRUST_STORE_PASSWORD}: never on a command line, which any
 * local user can read). A {@code .jks} file is a JKS store, anything else PKCS#12.
 */
public final class EventBusTls {

  /** The key store's path. */
  public static final String KEY_STORE = "CLUSTERKIT_EVENTBUS_KEYSTORE";
  /** The trust store's path. */
  public static final String TRUST_STORE = "CLUSTERKIT_EVENTBUS_TRUSTSTORE";
  /** The key store's password (also of its key). */
  public static final String KEY_STORE_PASSWORD = "CLUSTERKIT_EVENTBUS_KEYSTORE_PASSWORD";
  /** The trust store's password. */
  public static final String TRUST_STORE_PASSWORD = "CLUSTERKIT_EVENTBUS_TRUSTSTORE_PASSWORD";

  private EventBusTls() {
  }

  /**
   * Turns TLS on for options when env names the stores.
   *
   * @param options the event bus options of this JVM
   * @param env this JVM's environment (or the launcher's flags written as one)
   * @return true when TLS is on
   */
  public static boolean apply(EventBusOptions options, Map<String, String> env) {
    String keyStore = env.get(KEY_STORE);
    if (keyStore == null || keyStore.isBlank()) {
      return false;
    }
    options.setSsl(true)
        .setKeyCertOptions(store(keyStore, env.getOrDefault(KEY_STORE_PASSWORD, "")))
        .setTrustOptions(store(env.get(TRUST_STORE), env.getOrDefault(TRUST_STORE_PASSWORD, "")))
        .setClientAuth(ClientAuth.REQUIRED);
    return true;
  }

  /**
   * Opens a store to check its path and password before anything starts.
   *
   * @param path the store
   * @param password its password
   * @param what which store, for the message
   * @throws IllegalArgumentException with one line saying what is wrong
   */
  public static void check(Path path, String password, String what) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore.getInstance(type(path.toString())).load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(what + " " + path + " cannot be opened: "
          + e.getMessage());
    }
  }

  private static KeyStoreOptions store(String path, String password) {
    return new KeyStoreOptions().setType(type(path)).setPath(path).setPassword(password);
  }

  private static String type(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
  }
}
