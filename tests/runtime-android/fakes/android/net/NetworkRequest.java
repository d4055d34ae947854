package android.net;

import java.util.Set;
import java.util.TreeSet;
import mamtest.Api;

/** Fake NetworkRequest (API 21): the builder starts with the platform's default capabilities. */
public class NetworkRequest {
  public final Set<Integer> capabilities;

  private NetworkRequest(Set<Integer> caps) { capabilities = caps; }

  public boolean hasCapability(int c) { return capabilities.contains(c); }

  public static class Builder {
    private final Set<Integer> caps = new TreeSet<>();

    public Builder() {
      Api.type(21, "android.net.NetworkRequest$Builder");
      caps.add(NetworkCapabilities.NET_CAPABILITY_NOT_RESTRICTED);
      caps.add(NetworkCapabilities.NET_CAPABILITY_TRUSTED);
      caps.add(NetworkCapabilities.NET_CAPABILITY_NOT_VPN);
    }
    public Builder addCapability(int c) { caps.add(c); return this; }
    public Builder removeCapability(int c) { caps.remove(c); return this; }
    public NetworkRequest build() { return new NetworkRequest(new TreeSet<>(caps)); }
  }
}
