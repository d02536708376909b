#include "firmware/wrapped_cmac/wrapped_cmac.h"

#include <array>

#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"
#include "firmware/wrapped_cmac/wrapped_key_steps.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::stsafe::SymmetricKeyInfo;

constexpr size_t kCmacLength = 4;
// The reference key info: AES-128, CMAC, MAC generation and verification, minimum MAC length 2.
constexpr uint8_t kMinMacLength = 2;

std::array<uint8_t, 16> test_message() {
  std::array<uint8_t, 16> m{};
  for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(i);
  return m;
}

}  // namespace

Status run_wrapped_cmac(hal::Platform& platform, const WrappedCmacOptions& options) {
  hal::Console& c = platform.console;
  static constexpr std::array<uint8_t, 16> kDefaultKey = {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A,
                                                          0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A};
  const std::span<const uint8_t> key = options.key.empty() ? std::span<const uint8_t>(kDefaultKey) : options.key;
  if (key.size() != 16) {
    c.write("\n ## the CMAC key must be 16 bytes (AES-128)\n");
    return Code::kInvalidArgument;
  }
  wrapped::HostKeys host{options.host_key_type, options.host_mac_key, options.host_cipher_key};
  KB_TRY(wrapped::resolve_host_keys(c, host));

  wrapped::print_banner(c, "AES 128 CMAC");
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return wrapped::report(c, "stse_init", s);
  KB_TRY(wrapped::ensure_host_session(c, se, host));
  KB_TRY(wrapped::ensure_slot_accepts_wrapped(c, se, options.slot));

  c.write("\n - Wrap AES-128 key using session KEK\n");
  c.print(" - Provision wrapped key to slot %u\n", static_cast<unsigned>(options.slot));
  const SymmetricKeyInfo info = SymmetricKeyInfo::cmac(
      options.slot, core::stsafe::SymmetricKeyType::kAes128,
      core::stsafe::key_usage::kMacGeneration | core::stsafe::key_usage::kMacVerification, kMinMacLength);
  KB_TRY(wrapped::provision_wrapped(c, se, info, key));
  c.write("\n - Key provisioned successfully\n");

  const auto message = test_message();
  c.write("\n - Test message:\n");
  print_hex_line(c, message);

  c.write("\n - Compute CMAC using STSAFE-A120\n");
  std::array<uint8_t, kCmacLength> mac{};
  if (Status s = se.generate_mac(options.slot, message, mac); !s.ok()) {
    return wrapped::report(c, "stse_cmac_hmac_compute", s);
  }
  c.print(" - CMAC (%u bytes):\n", static_cast<unsigned>(mac.size()));
  print_hex_line(c, mac);

  auto chip_verdict = se.verify_mac(options.slot, mac, message);
  if (!chip_verdict.ok()) return wrapped::report(c, "stse_cmac_hmac_verify", chip_verdict.status());
  c.print("\n - Verify CMAC using STSAFE-A120: %s\n", *chip_verdict ? "SUCCESS" : "FAILED");
  // A failed check ends the run: nothing after it may read as success.
  if (!*chip_verdict) return Code::kResponseMac;

  std::array<uint8_t, 16> expected{};
  if (platform.crypto.aes_cmac(key, message, expected) != hal::CryptoResult::kOk) {
    return wrapped::report(c, "platform AES-CMAC", Code::kCrypto);
  }
  bool same = true;
  for (size_t i = 0; i < mac.size(); ++i) same = same && mac[i] == expected[i];
  c.print(" - Verify CMAC using platform crypto: %s\n", same ? "SUCCESS" : "FAILED");
  if (!same) return Code::kResponseMac;
  se.close_host_session();
  return Status();
}

}  // namespace kb::fw
