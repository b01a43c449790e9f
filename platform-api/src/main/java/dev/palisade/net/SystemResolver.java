package dev.palisade.net;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The operating system's resolver ({@link InetAddress#getAllByName}). */
@Singleton
public final class SystemResolver implements Resolver {
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return InetAddress.getAllByName(host);
  }
}
