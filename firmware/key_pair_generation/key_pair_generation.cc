#include "firmware/key_pair_generation/key_pair_generation.h"

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
using core::stsafe::kMaxPublicKeyBytes;
using core::stsafe::kMaxSignatureBytes;

constexpr size_t kEd25519MessageBytes = 64;

Status host_crypto_result(hal::Console& c, const char* step, hal::CryptoResult r) {
  if (r == hal::CryptoResult::kUnsupported) {
    c.print("\n ## %s ERROR : the platform's crypto does not offer this curve\n", step);
    return Code::kUnsupported;
  }
  c.print("\n ## %s ERROR : %s\n", step, hal::crypto_result_name(r));
  return Code::kCrypto;
}

// The chip signs, the chip and the host verify.
Status prove_signing_key(hal::Platform& platform, core::stsafe::Stsafe& se, const KeyPairGenerationOptions& o,
                         std::span<const uint8_t> public_key) {
  hal::Console& c = platform.console;
  const bool eddsa = o.curve == EccCurve::kEd25519;
  std::array<uint8_t, 64> message_buffer{};
  const std::span<uint8_t> message(message_buffer.data(), eddsa ? kEd25519MessageBytes : ecc::digest_bytes(o.curve));
  if (platform.crypto.random(message) != hal::CryptoResult::kOk) return ecc::report(c, "host random", Code::kCrypto);
  c.print("\n - Random %s to sign (%u bytes):\n", eddsa ? "message" : "digest", static_cast<unsigned>(message.size()));
  ecc::print_hex_block(c, message);

  std::array<uint8_t, kMaxSignatureBytes> signature_buffer{};
  const std::span<uint8_t> signature(signature_buffer.data(), core::stsafe::signature_bytes(o.curve));
  c.print("\n - STSAFE-A120 generate signature with slot %u\n", static_cast<unsigned>(o.slot));
  if (Status s = se.generate_signature(o.slot, o.curve, message, signature); !s.ok()) {
    return ecc::report(c, "stse_ecc_generate_signature", s);
  }
  c.print("\t o signature (%u bytes):\n", static_cast<unsigned>(signature.size()));
  ecc::print_hex_block(c, signature);

  auto chip_verdict = se.verify_signature(o.curve, public_key, signature, message);
  if (!chip_verdict.ok()) return ecc::report(c, "stse_ecc_verify_signature", chip_verdict.status());
  c.print("\n - STSAFE-A120 verify signature with the public key : %s\n", *chip_verdict ? "VALID" : "INVALID (FAILED)");
  // A failed check ends the run: nothing after it may read as success.
  if (!*chip_verdict) return Code::kCheckFailed;

  const hal::CryptoResult host = platform.crypto.ec_verify(ecc::host_curve(o.curve), public_key, message, signature);
  if (host == hal::CryptoResult::kVerifyFailed || host == hal::CryptoResult::kInvalidKey) {
    c.print(" - Host crypto verify signature with the public key : INVALID (FAILED: %s)\n",
            hal::crypto_result_name(host));
    return Code::kCheckFailed;
  }
  if (host != hal::CryptoResult::kOk) return host_crypto_result(c, "host verify signature", host);
  c.write(" - Host crypto verify signature with the public key : VALID\n");
  return Code::kOk;
}

// X25519 cannot sign: the chip and the host agree on a secret instead.
Status prove_agreement_key(hal::Platform& platform, core::stsafe::Stsafe& se, const KeyPairGenerationOptions& o,
                           std::span<const uint8_t> public_key) {
  hal::Console& c = platform.console;
  const hal::EcCurve curve = ecc::host_curve(o.curve);
  std::array<uint8_t, 32> host_private{}, host_public{}, chip_secret{}, host_secret{};
  if (hal::CryptoResult r = platform.crypto.ec_generate(curve, host_private, host_public);
      r != hal::CryptoResult::kOk) {
    return host_crypto_result(c, "host ephemeral key pair", r);
  }
  c.write("\n - Host ephemeral X25519 public key:\n");
  ecc::print_hex_block(c, host_public);
  c.print("\n - STSAFE-A120 establish key (ECDH) with slot %u and the host public key\n",
          static_cast<unsigned>(o.slot));
  Status s = se.establish_key(o.slot, o.curve, host_public, chip_secret);
  if (!s.ok()) {
    host_private.fill(0);
    return ecc::report(c, "stse_ecc_establish_shared_secret", s);
  }
  c.write("\t o shared secret:\n");
  ecc::print_hex_block(c, chip_secret);
  const hal::CryptoResult r = platform.crypto.ec_ecdh(curve, host_private, public_key, host_secret);
  host_private.fill(0);
  if (r == hal::CryptoResult::kInvalidKey) {
    c.write(" - Host ECDH with the slot's public key : FAILED (not a usable X25519 key)\n");
    return Code::kCheckFailed;
  }
  if (r != hal::CryptoResult::kOk) return host_crypto_result(c, "host ECDH", r);
  const bool same = chip_secret == host_secret;
  c.print(" - Host ECDH with the slot's public key : shared secrets %s\n", same ? "MATCH" : "DIFFER (FAILED)");
  return same ? Status() : Status(Code::kCheckFailed);
}

}  // namespace

Status run_key_pair_generation(hal::Platform& platform, const KeyPairGenerationOptions& options) {
  hal::Console& c = platform.console;
  char title[96];
  std::snprintf(title, sizeof title, "STSAFE-A120 %s key pair generation", ecc::curve_label(options.curve));
  ecc::print_banner(c, title,
                    options.curve == EccCurve::kCurve25519
                        ? "Generates a key pair in a private key slot, then checks an ECDH secret against the host's"
                        : "Generates a key pair in a private key slot, then has the chip sign and both sides verify");

  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return ecc::report(c, "stse_init", s);

  std::array<uint8_t, kMaxPublicKeyBytes> public_buffer{};
  const std::span<uint8_t> public_key(public_buffer.data(), core::stsafe::public_key_bytes(options.curve));
  KB_TRY(ecc::generate_key_pair(c, se, options.slot, options.curve, options.usage_limit, public_key));

  KB_TRY(options.curve == EccCurve::kCurve25519 ? prove_agreement_key(platform, se, options, public_key)
                                                : prove_signing_key(platform, se, options, public_key));
  c.print("\n - %s key pair in slot %u generated and proven : SUCCESS\n", ecc::curve_label(options.curve),
          static_cast<unsigned>(options.slot));
  return Status();
}

}  // namespace kb::fw
