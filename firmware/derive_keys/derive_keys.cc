#include "firmware/derive_keys/derive_keys.h"

#include <algorithm>
#include <array>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"
#include "firmware/wrapped_cmac/wrapped_key_steps.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
namespace cmd = core::stsafe::commands;

constexpr size_t kReturnedKeyBytes = 42;  // RFC 5869 test case 1's L
constexpr size_t kCmacKeyBytes = 16;
constexpr size_t kMacBytes = 16;
// The stored key's info differs from the returned key's, so the two keys differ.
constexpr std::array<uint8_t, 17> kCmacKeyInfo = {'k', 'e', 'y', 'b', 'e', 'n', 'c', 'h', ' ',
                                                  'C', 'M', 'A', 'C', ' ', 'k', 'e', 'y'};
constexpr const char* kRule =
    "----------------------------------------------------------------------------------------------------------------"
    "\n";

void print_banner(hal::Console& c) {
  c.write(kRule);
  c.write(
      "-                                STSAFE-A120 derive keys (HKDF-SHA-256) Example                                "
      "-\n");
  c.write(kRule);
  c.write(
      "- This example derives a key returned to the host and a CMAC key kept inside STSAFE-A120.                      "
      "-\n");
  c.write(kRule);
}

template <size_t N>
std::array<uint8_t, N> counting(uint8_t from) {
  std::array<uint8_t, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = static_cast<uint8_t>(from + i);
  return out;
}

// The slot accepts derived keys when its control fields say so; opened to it while the change
// right allows (the other bits kept), else kRefused.
Status ensure_slot_accepts_derived(hal::Console& c, core::stsafe::Stsafe& se, uint8_t slot) {
  auto fields = se.query_symmetric_slot_control_fields(slot);
  if (!fields.ok())
    return wrapped::report(c, "stsafea_query_symmetric_key_slot_provisioning_ctrl_fields", fields.status());
  if (fields->derived) {
    c.print(" - slot %u accepts derived keys\n", static_cast<unsigned>(slot));
    return Code::kOk;
  }
  if (!fields->change_right) {
    c.print("\n ## slot %u does not accept derived keys and its control fields can no longer change\n",
            static_cast<unsigned>(slot));
    return Code::kRefused;
  }
  core::stsafe::SymmetricSlotControlFields open = *fields;
  open.derived = true;
  if (Status s = se.put_symmetric_slot_control_fields(slot, open); !s.ok()) {
    return wrapped::report(c, "stsafea_put_symmetric_key_slot_provisioning_ctrl_fields", s);
  }
  c.print(" - slot %u opened to derived keys\n", static_cast<unsigned>(slot));
  return Code::kOk;
}

}  // namespace

Status run_derive_keys(hal::Platform& platform, const DeriveKeysOptions& options) {
  hal::Console& c = platform.console;
  std::array<uint8_t, 22> default_ikm{};
  default_ikm.fill(0x0B);
  const auto default_salt = counting<13>(0x00);
  const auto default_info = counting<10>(0xF0);
  const std::span<const uint8_t> ikm =
      options.input_key.empty() ? std::span<const uint8_t>(default_ikm) : options.input_key;
  const std::span<const uint8_t> salt = options.salt.empty() ? std::span<const uint8_t>(default_salt) : options.salt;
  const std::span<const uint8_t> info = options.info.empty() ? std::span<const uint8_t>(default_info) : options.info;
  if (ikm.size() < cmd::kMinHkdfInputKeyBytes || ikm.size() > cmd::kMaxHkdfInputKeyBytes) {
    c.print("\n ## the input key must be %u to %u bytes\n", static_cast<unsigned>(cmd::kMinHkdfInputKeyBytes),
            static_cast<unsigned>(cmd::kMaxHkdfInputKeyBytes));
    return Code::kInvalidArgument;
  }
  wrapped::HostKeys host{options.host_key_type, options.host_mac_key, options.host_cipher_key};
  KB_TRY(wrapped::resolve_host_keys(c, host));

  print_banner(c);
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return wrapped::report(c, "stse_init", s);
  const core::stsafe::CommandHeader derive =
      core::stsafe::CommandHeader::extended(core::stsafe::extended_code::kDeriveKeys);
  if (se.channel().protection(derive).any()) KB_TRY(wrapped::ensure_host_session(c, se, host));
  KB_TRY(ensure_slot_accepts_derived(c, se, options.slot));

  c.print("\n - Input key material (%u bytes):\n", static_cast<unsigned>(ikm.size()));
  print_hex_line(c, ikm);
  c.print(" - Salt (%u bytes):\n", static_cast<unsigned>(salt.size()));
  print_hex_line(c, salt);
  c.print(" - Info (%u bytes):\n", static_cast<unsigned>(info.size()));
  print_hex_line(c, info);

  c.print("\n - Derive %u bytes returned to the host\n", static_cast<unsigned>(kReturnedKeyBytes));
  std::array<uint8_t, kReturnedKeyBytes> okm{};
  const cmd::DerivedKeyRequest to_host = cmd::DerivedKeyRequest::to_host(kReturnedKeyBytes);
  cmd::DerivedKey returned{okm, 0};
  if (Status s = se.hkdf_derive(cmd::HkdfSecret::from_command(ikm), cmd::HkdfSecret::from_command(salt), info,
                                {&to_host, 1}, {&returned, 1});
      !s.ok()) {
    return wrapped::report(c, "stsafea_derive_keys", s);
  }
  c.write(" - Output key material:\n");
  print_hex_line(c, okm);
  std::array<uint8_t, kReturnedKeyBytes> expected_okm{};
  if (platform.crypto.hkdf_sha256(salt, ikm, info, expected_okm) != hal::CryptoResult::kOk) {
    return wrapped::report(c, "platform HKDF-SHA-256", Code::kCrypto);
  }
  const bool okm_agrees = okm == expected_okm;
  c.print("\n - Verify the output key material using platform crypto: %s\n", okm_agrees ? "SUCCESS" : "FAILED");
  if (!okm_agrees) return Code::kResponseMac;

  c.write("\n - Derive an AES-128 CMAC key kept by STSAFE-A120\n");
  const core::stsafe::SymmetricKeyInfo cmac_info = core::stsafe::SymmetricKeyInfo::cmac(
      0, core::stsafe::SymmetricKeyType::kAes128,
      core::stsafe::key_usage::kMacGeneration | core::stsafe::key_usage::kMacVerification, 4);
  const cmd::DerivedKeyRequest to_chip = cmd::DerivedKeyRequest::to_chip(cmac_info);
  cmd::DerivedKey stored{};
  if (Status s = se.hkdf_derive(cmd::HkdfSecret::from_command(ikm), cmd::HkdfSecret::from_command(salt), kCmacKeyInfo,
                                {&to_chip, 1}, {&stored, 1});
      !s.ok()) {
    return wrapped::report(c, "stsafea_derive_keys", s);
  }
  c.print(" - Key stored by STSAFE-A120 in slot %u\n", static_cast<unsigned>(stored.slot));

  const auto message = counting<16>(0x00);
  c.write("\n - Test message:\n");
  print_hex_line(c, message);
  std::array<uint8_t, kMacBytes> mac{};
  if (Status s = se.generate_mac(stored.slot, message, mac); !s.ok()) {
    return wrapped::report(c, "stse_cmac_hmac_compute", s);
  }
  c.write(" - CMAC computed by STSAFE-A120 with the derived key:\n");
  print_hex_line(c, mac);
  std::array<uint8_t, kCmacKeyBytes> host_key{};
  std::array<uint8_t, kMacBytes> expected_mac{};
  if (platform.crypto.hkdf_sha256(salt, ikm, kCmacKeyInfo, host_key) != hal::CryptoResult::kOk ||
      platform.crypto.aes_cmac(host_key, message, expected_mac) != hal::CryptoResult::kOk) {
    return wrapped::report(c, "platform HKDF-SHA-256 / AES-CMAC", Code::kCrypto);
  }
  std::fill(host_key.begin(), host_key.end(), uint8_t{0});
  const bool mac_agrees = mac == expected_mac;
  c.print("\n - Verify the CMAC using platform crypto: %s\n", mac_agrees ? "SUCCESS" : "FAILED");
  se.close_host_session();
  if (!mac_agrees) return Code::kResponseMac;
  return Status();
}

}  // namespace kb::fw
