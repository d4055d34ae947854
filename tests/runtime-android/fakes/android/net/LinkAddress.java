package android.net;

import java.net.InetAddress;

public class LinkAddress {
  private final InetAddress address;
  public LinkAddress(InetAddress a) { address = a; }
  public InetAddress getAddress() { return address; }
}
