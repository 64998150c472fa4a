import { describe, expect, it } from "vitest";
import { classifyAddress } from "./addresses";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "a private address (RFC 1918)"],
    ["172.16.0.1", "a private address (RFC 1918)"],
    ["192.168.1.1", "a private address (RFC 1918)"],
    ["100.64.1.1", "carrier-grade NAT space (100.64.0.0/10)"],
    ["169.254.169.254", "the cloud metadata service"],
    ["169.254.1.1", "link-local"],
    ["0.0.0.0", "the unspecified address"],
    ["0.1.2.3", "the unspecified address"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "a reserved range (reserved)"],
    ["192.0.2.10", "a reserved range (reserved)"],
    ["198.18.0.1", "a reserved range (reserved)"],
    ["::1", "loopback"],
    ["::", "the unspecified address"],
    ["fe80::1", "link-local"],
    ["fc00::1", "a unique local address (fc00::/7)"],
    ["fd00:ec2::254", "the cloud metadata service"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "the cloud metadata service"],
    ["::ffff:10.0.0.1", "a private address (RFC 1918)"],
    ["64:ff9b::7f00:1", "loopback"],
    ["::7f00:1", "a reserved range (IPv4-compatible (::/96))"],
    ["2001:db8::1", "a reserved range (reserved)"],
    ["2002:7f00:1::", "a reserved range (6to4)"],
    ["fe80::1%eth0", "link-local"],
    ["localhost", "not an IP address"],
  ])("refuses %s (%s)", (address, label) => {
    expect(classifyAddress(address)).toEqual({ isPublic: false, label });
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "140.82.112.3",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "[2a00:1450::1]",
  ])("lets public %s through", (address) => {
    expect(classifyAddress(address)).toEqual({ isPublic: true });
  });
});
