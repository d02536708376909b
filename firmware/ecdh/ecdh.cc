#include "firmware/ecdh/ecdh.h"

#include <array>
#include <cstdio>

#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/stsafe.h"
#include "firmware/key_pair_generation/ecc_steps.h"

namespace kb::fw {

namespace {
using core::Code;
using core::Status;
using core::stsafe::EccCurve;
using core::stsafe::kMaxCoordinateBytes;
using core::stsafe::kMaxPublicKeyBytes;

Status host_failure(hal::Console& c, const char* step, hal::CryptoResult r) {
  if (r == hal::CryptoResult::kUnsupported) {
    c.print("\n ## %s ERROR : the platform's crypto does not offer this curve\n", step);
    return Code::kUnsupported;
  }
  c.print("\n ## %s ERROR : %s\n", step, hal::crypto_result_name(r));
  return Code::kCrypto;
}
}  // namespace

Status run_ecdh(hal::Platform& platform, const EcdhOptions& o) {
  hal::Console& c = platform.console;
  if (o.curve == EccCurve::kEd25519) {
    c.write("\n ## Ed25519 has no key agreement: pick a NIST or Brainpool curve, or X25519\n");
    return Code::kInvalidArgument;
  }
  char title[96];
  std::snprintf(title, sizeof title, "STSAFE-A120 ECDH on %s", ecc::curve_label(o.curve));
  ecc::print_banner(c, title, "Derives a shared secret on the chip (Establish key) and on the host, and compares them");

  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, o.address7);
  if (Status s = se.init(); !s.ok()) return ecc::report(c, "stse_init", s);

  const size_t public_size = core::stsafe::public_key_bytes(o.curve);
  const size_t secret_size = core::stsafe::shared_secret_bytes(o.curve);
  std::array<uint8_t, kMaxPublicKeyBytes> chip_public_buffer{};
  const std::span<uint8_t> chip_public(chip_public_buffer.data(), public_size);
  KB_TRY(ecc::generate_key_pair(c, se, o.slot, o.curve, o.usage_limit, chip_public));

  const hal::EcCurve curve = ecc::host_curve(o.curve);
  std::array<uint8_t, kMaxCoordinateBytes> host_private_buffer{};
  std::array<uint8_t, kMaxPublicKeyBytes> host_public_buffer{};
  const std::span<uint8_t> host_private(host_private_buffer.data(), core::stsafe::coordinate_bytes(o.curve));
  const std::span<uint8_t> host_public(host_public_buffer.data(), public_size);
  if (hal::CryptoResult r = platform.crypto.ec_generate(curve, host_private, host_public);
      r != hal::CryptoResult::kOk) {
    return host_failure(c, "host ephemeral key pair", r);
  }
  c.print("\n - Host ephemeral %s key pair\n\t o public key (%u bytes):\n", ecc::curve_label(o.curve),
          static_cast<unsigned>(public_size));
  ecc::print_hex_block(c, host_public);

  std::array<uint8_t, kMaxCoordinateBytes> chip_secret_buffer{}, host_secret_buffer{};
  const std::span<uint8_t> chip_secret(chip_secret_buffer.data(), secret_size);
  const std::span<uint8_t> host_secret(host_secret_buffer.data(), secret_size);
  c.print("\n - STSAFE-A120 establish key (ECDH) with slot %u and the host public key\n",
          static_cast<unsigned>(o.slot));
  if (Status s = se.establish_key(o.slot, o.curve, host_public, chip_secret); !s.ok()) {
    host_private_buffer.fill(0);
    if (s.code() == Code::kDeviceStatus && s.device_status() == 0x1B) {
      c.print("\n ## Slot %u's mode of operation does not allow key establishment\n", static_cast<unsigned>(o.slot));
    }
    return ecc::report(c, "stse_ecc_establish_shared_secret", s);
  }
  c.print("\t o chip's shared secret (%u bytes):\n", static_cast<unsigned>(secret_size));
  ecc::print_hex_block(c, chip_secret);

  const hal::CryptoResult r = platform.crypto.ec_ecdh(curve, host_private, chip_public, host_secret);
  host_private_buffer.fill(0);
  if (r == hal::CryptoResult::kInvalidKey) {
    c.write("\n - Host ECDH with the slot's public key : FAILED (the chip's public key is not a point of the curve)\n");
    return Code::kCheckFailed;
  }
  if (r != hal::CryptoResult::kOk) return host_failure(c, "host ECDH", r);
  c.write("\n - Host ECDH with the slot's public key\n\t o host's shared secret:\n");
  ecc::print_hex_block(c, host_secret);

  bool same = true;
  for (size_t i = 0; i < secret_size; ++i) same = same && chip_secret[i] == host_secret[i];
  chip_secret_buffer.fill(0);
  host_secret_buffer.fill(0);
  if (!same) {
    c.write("\n - Compare the shared secrets : they DIFFER (FAILED)\n");
    return Code::kCheckFailed;
  }
  c.write("\n - Compare the shared secrets : SUCCESS, the chip and the host agree\n");
  return Status();
}

}  // namespace kb::fw
