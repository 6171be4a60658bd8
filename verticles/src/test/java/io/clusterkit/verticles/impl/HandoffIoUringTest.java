package io.clusterkit.verticles.impl;

import io.clusterkit.sticky.WorkerTransport;

/** {@link HandoffTest} with workers on Netty's io_uring transport. */
class HandoffIoUringTest extends HandoffTest {

  @Override
  WorkerTransport transport() {
    return HandoffFixture.ioUring();
  }
}
