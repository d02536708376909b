#pragma once
// What the host library's tests of the ECDHE commands share (Establish symmetric keys 1F 04 / 1F 05,
// Start volatile KEK session 1F 03, Establish host key 1F 18, and their signed forms): the fact
// sheet's deterministic P-256 vector (section 4.6) and its wire fields, the keys a host expects
// from 4.5, a Stsafe in front of a scripted chip, on a bus that must stay silent, or on the
// STSAFE-A120 model.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/unit/core/stsafe/fake_clock.h"
#include "tests/unit/core/stsafe/fixed_ephemeral_crypto.h"
#include "tests/unit/core/stsafe/mock_i2c_initiator.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::test {

inline constexpr uint16_t kMacUsage =
    core::stsafe::key_usage::kMacGeneration | core::stsafe::key_usage::kMacVerification;

// Fact sheet 4.6: the chip's ephemeral public key (private key 32 x 11), the host's (32 x 22, the
// key FixedEphemeralCrypto generates), their shared X, and the curve id of NIST P-256.
inline const Bytes kChipPublic =
    hex("0217E617F0B6443928278F96999E69A23A4F2C152BDF6D6CDF66E5B80282D4ED19"
        "4A7DEBCB97712D2DDA3CA85AA8765A56F45FC758599652F2897C65306E5794");
inline const Bytes kHostPublic =
    hex("D65A93977CAA3D1B081852FF57A79E465F1660577304BAEAD505DD3A48589CF3"
        "50185E895372DF6221EA3A137557E473FDDB6755F05BD507C3C533FCE9C91285");
inline const Bytes kSharedX = hex("CCFC261F58193C98CA4AD4A53BBAC6F0EE29BC4D48438090446908622CA79AF6");
inline const Bytes kCurveId = hex("00 08 2A 86 48 CE 3D 03 01 07");

// `04 | 00 L | X | 00 L | Y` for a public key given as X | Y.
Bytes public_key_field(const Bytes& xy);

// The chip's answer to Generate ECDHE: `curve id | public key field`.
Bytes ecdhe_answer(const Bytes& chip_public = kChipPublic);

// The public half of FixedEphemeralCrypto's key, computed by the platform crypto.
Bytes fixed_ephemeral_public();

// The digest OpenSSL calls `name` ("SHA256", "SHA384") of `data`.
Bytes digest(std::string_view name, std::span<const uint8_t> data);

// Fact sheet 4.5 on the 4.6 shared secret: OKM = HKDF-SHA256(salt, Z, info 12 13); the
// confirmation 1F 05 carries the first 8 bytes of CMAC(OKM[0..31], records), then the records;
// the keys are the OKM's remaining `key_bytes`.
struct ExpectedSymmetricKeys {
  Bytes confirmation;  // the 1F 05 command on the wire
  Bytes keys;
};
void expected_symmetric_keys(const Bytes& records, size_t key_bytes, ExpectedSymmetricKeys& out);

// A Stsafe whose ephemeral key is the vector's, in front of the scripted chip.
class ScriptedEcdheTest : public ::testing::Test {
 protected:
  MockI2cInitiator i2c;
  ScriptedStsafe device{i2c};
  FakeClock clock;
  FixedEphemeralCrypto crypto;
  core::stsafe::Stsafe stsafe{i2c, clock, crypto};
};

// The same Stsafe on a bus that must stay silent: any transfer fails the test.
struct SilentBusStsafe {
  ::testing::StrictMock<MockI2cInitiator> i2c;
  FakeClock clock;
  FixedEphemeralCrypto crypto;
  core::stsafe::Stsafe stsafe{i2c, clock, crypto};
};

// A Stsafe with the OpenSSL backend on the default bench's STSAFE-A120, initialised.
class StsafeModelEcdheTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stsafe.init().ok()); }

  // An entity's public key into generic public key slot `slot`, with the usage flags of `flags`
  // and the change right (so a test can change them again).
  void put_entity_key(uint8_t slot, core::stsafe::EccCurve curve, const Bytes& public_key,
                      core::stsafe::PublicKeyFlags flags);

  const sim::stsafe_a120::State& chip_state() const { return bench->first<sim::stsafe_a120::Stsafe>()->state(); }

  std::unique_ptr<sim::Bench> bench = sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  hal::openssl::OpensslCrypto crypto;
  core::stsafe::Stsafe stsafe{i2c, clock, crypto};
};

}  // namespace kb::test
