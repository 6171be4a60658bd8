package io.clusterkit.verticles.protocol;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PfxOptions;
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
    String trustStore = env.get(TRUST_STORE);
    String keyPassword = env.getOrDefault(KEY_STORE_PASSWORD, "");
    String trustPassword = env.getOrDefault(TRUST_STORE_PASSWORD, "");
    // PfxOptions and JksOptions, not the generic KeyStoreOptions: Vert.x builds the event bus's
    // server and client options from EventBusOptions.toJson(), which keeps only these two kinds
    options.setSsl(true).setClientAuth(ClientAuth.REQUIRED);
    if (jks(keyStore)) {
      options.setKeyCertOptions(new JksOptions().setPath(keyStore).setPassword(keyPassword));
    } else {
      options.setKeyCertOptions(new PfxOptions().setPath(keyStore).setPassword(keyPassword));
    }
    if (jks(trustStore)) {
      options.setTrustOptions(new JksOptions().setPath(trustStore).setPassword(trustPassword));
    } else {
      options.setTrustOptions(new PfxOptions().setPath(trustStore).setPassword(trustPassword));
    }
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

  private static boolean jks(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith(".jks");
  }

  private static String type(String path) {
    return jks(path) ? "JKS" : "PKCS12";
  }
}
