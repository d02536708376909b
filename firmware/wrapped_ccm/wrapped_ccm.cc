#include "firmware/wrapped_ccm/wrapped_ccm.h"

#include <algorithm>
#include <array>

#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"
#include "firmware/wrapped_cmac/wrapped_key_steps.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::stsafe::SymmetricKeyInfo;

constexpr size_t kTagLength = 4;

template <size_t N>
std::array<uint8_t, N> counting() {
  std::array<uint8_t, N> m{};
  for (size_t i = 0; i < N; ++i) m[i] = static_cast<uint8_t>(i);
  return m;
}

}  // namespace

Status run_wrapped_ccm(hal::Platform& platform, const WrappedCcmOptions& options) {
  hal::Console& c = platform.console;
  std::array<uint8_t, 32> default_key{};
  default_key.fill(0x5A);
  const std::span<const uint8_t> key = options.key.empty() ? std::span<const uint8_t>(default_key) : options.key;
  if (key.size() != 32) {
    c.write("\n ## the CCM* key must be 32 bytes (AES-256)\n");
    return Code::kInvalidArgument;
  }
  wrapped::HostKeys host{options.host_key_type, options.host_mac_key, options.host_cipher_key};
  KB_TRY(wrapped::resolve_host_keys(c, host));

  wrapped::print_banner(c, "AES 256 CCM*");
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return wrapped::report(c, "stse_init", s);
  KB_TRY(wrapped::ensure_host_session(c, se, host));
  KB_TRY(wrapped::ensure_slot_accepts_wrapped(c, se, options.slot));

  c.write("\n - Wrap AES-256 key using session KEK\n");
  c.print(" - Provision wrapped key to slot %u\n", static_cast<unsigned>(options.slot));
  const SymmetricKeyInfo info =
      SymmetricKeyInfo::ccm(options.slot, core::stsafe::SymmetricKeyType::kAes256,
                            core::stsafe::key_usage::kEncryption | core::stsafe::key_usage::kDecryption, kTagLength);
  KB_TRY(wrapped::provision_wrapped(c, se, info, key));
  c.write("\n - Key provisioned successfully\n");

  const auto message = counting<16>();
  const auto nonce = counting<13>();
  std::array<uint8_t, 8> aad{};
  aad.fill(0x5A);
  c.write("\n - Test message (plaintext):\n");
  print_hex_line(c, message);

  c.write("\n - Encrypt using CCM* mode\n");
  std::array<uint8_t, 16> ciphertext{};
  std::array<uint8_t, kTagLength> tag{};
  auto counter = se.aes_ccm_encrypt(options.slot, nonce, aad, message, ciphertext, tag);
  if (!counter.ok()) return wrapped::report(c, "stse_aes_ccm_encrypt", counter.status());
  c.write(" - Encrypted message:\n");
  print_hex_line(c, ciphertext);
  c.print("\n - Authentication tag (%u bytes):\n", static_cast<unsigned>(tag.size()));
  print_hex_line(c, tag);

  std::array<uint8_t, 16> expected_ct{};
  std::array<uint8_t, kTagLength> expected_tag{};
  if (platform.crypto.aes_ccm_encrypt(key, nonce, aad, message, expected_ct, expected_tag) != hal::CryptoResult::kOk) {
    return wrapped::report(c, "platform AES-CCM", Code::kCrypto);
  }
  const bool platform_agrees = expected_ct == ciphertext && expected_tag == tag;
  c.print("\n - Verify ciphertext and tag using platform crypto: %s\n", platform_agrees ? "SUCCESS" : "FAILED");
  // A failed check ends the run: the decryption after it would print SUCCESS over it.
  if (!platform_agrees) return Code::kResponseMac;

  c.write("\n - Decrypt using CCM* mode\n");
  std::array<uint8_t, 16> decrypted{};
  auto authentic = se.aes_ccm_decrypt(options.slot, nonce, aad, ciphertext, tag, decrypted);
  if (!authentic.ok()) return wrapped::report(c, "stse_aes_ccm_decrypt", authentic.status());
  c.write(" - Decrypted message:\n");
  print_hex_line(c, decrypted);

  const bool success = *authentic && decrypted == message;
  c.print("\n - Decryption and authentication verification: %s\n", success ? "SUCCESS" : "FAILED");
  if (!success) return Code::kResponseMac;
  se.close_host_session();
  return Status();
}

}  // namespace kb::fw
