package io.clusterkit.verticles.impl;

import io.clusterkit.sticky.WorkerTransport;

/** {@link HandoffProxyProtocolTest} with workers on Netty's io_uring transport. */
class HandoffIoUringProxyProtocolTest extends HandoffProxyProtocolTest {

  @Override
  WorkerTransport transport() {
    return HandoffFixture.ioUring();
  }
}
