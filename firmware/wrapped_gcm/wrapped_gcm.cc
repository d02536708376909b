#include "firmware/wrapped_gcm/wrapped_gcm.h"

#include <array>

#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"
#include "firmware/wrapped_cmac/wrapped_key_steps.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::stsafe::SymmetricKeyInfo;

constexpr size_t kTagLength = 16;

template <size_t N>
std::array<uint8_t, N> counting() {
  std::array<uint8_t, N> m{};
  for (size_t i = 0; i < N; ++i) m[i] = static_cast<uint8_t>(i);
  return m;
}

SymmetricKeyInfo gcm_key_info(uint8_t slot) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.key_type = core::stsafe::SymmetricKeyType::kAes256;
  info.mode = core::stsafe::ModeOfOperation::kGcm;
  info.usage = core::stsafe::key_usage::kEncryption | core::stsafe::key_usage::kDecryption;
  info.tag_length = kTagLength;
  return info;
}

}  // namespace

Status run_wrapped_gcm(hal::Platform& platform, const WrappedGcmOptions& options) {
  hal::Console& c = platform.console;
  std::array<uint8_t, 32> default_key{};
  default_key.fill(0x5A);
  const std::span<const uint8_t> key = options.key.empty() ? std::span<const uint8_t>(default_key) : options.key;
  if (key.size() != 32) {
    c.write("\n ## the GCM key must be 32 bytes (AES-256)\n");
    return Code::kInvalidArgument;
  }
  wrapped::HostKeys host{options.host_key_type, options.host_mac_key, options.host_cipher_key};
  KB_TRY(wrapped::resolve_host_keys(c, host));

  wrapped::print_banner(c, "AES 256 GCM");
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return wrapped::report(c, "stse_init", s);
  KB_TRY(wrapped::ensure_host_session(c, se, host));
  KB_TRY(wrapped::ensure_slot_accepts_wrapped(c, se, options.slot));

  c.write("\n - Wrap AES-256 key using session KEK\n");
  c.print(" - Provision wrapped key to slot %u\n", static_cast<unsigned>(options.slot));
  KB_TRY(wrapped::provision_wrapped(c, se, gcm_key_info(options.slot), key));
  c.write("\n - Key provisioned successfully\n");

  const auto message = counting<16>();
  const auto iv = counting<12>();
  std::array<uint8_t, 8> aad{};
  aad.fill(0x5A);
  c.write("\n - Test message (plaintext):\n");
  print_hex_line(c, message);

  c.write("\n - Encrypt using GCM mode\n");
  std::array<uint8_t, 16> ciphertext{};
  std::array<uint8_t, kTagLength> tag{};
  if (Status s = se.aes_gcm_encrypt(options.slot, iv, aad, message, ciphertext, tag); !s.ok()) {
    return wrapped::report(c, "stse_aes_gcm_encrypt", s);
  }
  c.write(" - Encrypted message:\n");
  print_hex_line(c, ciphertext);
  c.print("\n - Authentication tag (%u bytes):\n", static_cast<unsigned>(tag.size()));
  print_hex_line(c, tag);

  std::array<uint8_t, 16> expected_ct{};
  std::array<uint8_t, kTagLength> expected_tag{};
  if (platform.crypto.aes_gcm_encrypt(key, iv, aad, message, expected_ct, expected_tag) != hal::CryptoResult::kOk) {
    return wrapped::report(c, "platform AES-GCM", Code::kCrypto);
  }
  const bool platform_agrees = expected_ct == ciphertext && expected_tag == tag;
  c.print("\n - Verify ciphertext and tag using platform crypto: %s\n", platform_agrees ? "SUCCESS" : "FAILED");
  if (!platform_agrees) return Code::kResponseMac;

  c.write("\n - Decrypt using GCM mode\n");
  std::array<uint8_t, 16> decrypted{};
  auto authentic = se.aes_gcm_decrypt(options.slot, iv, aad, ciphertext, tag, decrypted);
  if (!authentic.ok()) return wrapped::report(c, "stse_aes_gcm_decrypt", authentic.status());
  c.write(" - Decrypted message:\n");
  print_hex_line(c, decrypted);
  const bool success = *authentic && decrypted == message;
  c.print("\n - Decryption and authentication verification: %s\n", success ? "SUCCESS" : "FAILED");
  if (!success) return Code::kResponseMac;

  c.write("\n - Decrypt with a tampered tag\n");
  std::array<uint8_t, kTagLength> tampered = tag;
  tampered[0] ^= 0x01;
  auto forged = se.aes_gcm_decrypt(options.slot, iv, aad, ciphertext, tampered, decrypted);
  if (!forged.ok()) return wrapped::report(c, "stse_aes_gcm_decrypt", forged.status());
  c.print(" - Tampered tag refused: %s\n", *forged ? "FAILED" : "SUCCESS");
  if (*forged) return Code::kResponseMac;
  se.close_host_session();
  return Status();
}

}  // namespace kb::fw
