// Device authentication on the simulated STSAFE-A120, end to end as `keybench run
// device-authentication` runs it: the factory-personalised default bench passes (one-shot and
// multi-step); a wrong CA, a tampered certificate and a blank chip each fail with a verdict that
// says so and never reads as success. The same application also runs over the i2c: backend (the
// Linux i2c-dev initiator and the wall clock), with a kernel stand-in that hands its messages to
// the bench.
#include <linux/i2c-dev.h>
#include <linux/i2c.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <string>

#include "firmware/device_authentication/device_authentication.h"
#include "hal/crypto_openssl/openssl_certificates.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/steady_clock.h"
#include "hal/linux/linux_i2c_initiator.h"
#include "hal/sim/sim_backend.h"
#include "simulator/crypto/x509.h"
#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/scratch_dir.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Bytes = std::vector<uint8_t>;

sim::stsafe_a120::Stsafe& chip(SimRun& r) {
  return *r.bench().first<sim::stsafe_a120::Stsafe>();
}
Bytes bench_ca(SimRun& r) {
  return sim::stsafe_a120::factory_personalisation(chip(r).state().random_seed).ca_certificate;
}

core::Status run(hal::Platform& platform, uint8_t address7, std::span<const uint8_t> ca, bool multistep = false,
                 uint16_t chunk = 255) {
  hal::openssl::OpensslCertificates x509;
  fw::DeviceAuthenticationOptions o;
  o.address7 = address7;
  o.ca_certificate = ca;
  o.certificates = &x509;
  o.multistep = multistep;
  o.read_chunk = chunk;
  return fw::run_device_authentication(platform, o);
}
core::Status run(SimRun& r, std::span<const uint8_t> ca, bool multistep = false, uint16_t chunk = 255) {
  return run(r.target->platform(), r.target->stsafe_address(), ca, multistep, chunk);
}

void expect_failure_verdict(const std::string& out) {
  EXPECT_THAT(out, HasSubstr("FAILED"));
  EXPECT_THAT(out, Not(HasSubstr("Device authenticated")));
  EXPECT_THAT(out, Not(HasSubstr("PASS")));
}

TEST(DeviceAuthenticationFlow, FactoryBenchAuthenticates) {
  SimRun r;
  const Bytes ca = bench_ca(r);
  const core::Status s = run(r, ca);
  ASSERT_TRUE(s.ok()) << r.console.text();
  const std::string& out = r.console.text();
  const size_t size = sim::stsafe_a120::factory_personalisation(0).device_certificate.size();
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120\n"));
  EXPECT_THAT(out, HasSubstr("Subject    : C = NL, O = keybench, CN = keybench STSAFE-A120 bench CA 01\n"));
  EXPECT_THAT(out, HasSubstr("   certificate size: " + std::to_string(size) + " bytes\n"));
  EXPECT_THAT(out, HasSubstr(" - Read device certificate: " + std::to_string(size) + " bytes in " +
                             std::to_string((size + 254) / 255) + " reads of at most 255\n"));
  EXPECT_THAT(out, HasSubstr("Subject    : C = NL, O = keybench, CN = STSAFE-A120 "));
  EXPECT_THAT(out, HasSubstr(" - Device certificate verified against the CA\n"));
  EXPECT_THAT(out, HasSubstr(" - Host random challenge:\n"));
  EXPECT_THAT(out, HasSubstr(" - Device signature over the host challenge (private key slot 0):\n"));
  EXPECT_THAT(out, HasSubstr(" ## Device authenticated: challenge signature verified with the certificate's key\n"));
  EXPECT_THAT(out, Not(HasSubstr("FAILED")));
  EXPECT_THAT(out, Not(HasSubstr("Hash the challenge")));
}

TEST(DeviceAuthenticationFlow, MultiStepHashesOnTheChip) {
  SimRun r;
  const Bytes ca = bench_ca(r);
  const core::Status s = run(r, ca, true);
  ASSERT_TRUE(s.ok()) << r.console.text();
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr("multi-step"));
  EXPECT_THAT(out, HasSubstr(" - Hash the challenge with STSAFE-A120 (Start Hash / Finish Hash, SHA-256)\n"));
  EXPECT_THAT(out, HasSubstr(" - Chip digest matches the host's SHA-256\n"));
  EXPECT_THAT(out, HasSubstr(" - Device signature over the challenge digest (private key slot 0):\n"));
  EXPECT_THAT(out, HasSubstr(" ## Device authenticated"));
}

TEST(DeviceAuthenticationFlow, AnyReadChunkGivesTheSameCertificate) {
  for (uint16_t chunk : {uint16_t{1}, uint16_t{64}, uint16_t{747}}) {
    SimRun r;
    const Bytes ca = bench_ca(r);
    ASSERT_TRUE(run(r, ca, false, chunk).ok()) << chunk << r.console.text();
  }
  SimRun bad;
  EXPECT_EQ(run(bad, bench_ca(bad), false, 748), core::Status(core::Code::kInvalidArgument));
}

TEST(DeviceAuthenticationFlow, WrongCaFails) {
  SimRun r;
  const Bytes other_ca = sim::stsafe_a120::factory_personalisation(12345).ca_certificate;
  const core::Status s = run(r, other_ca);
  EXPECT_EQ(s, core::Status(core::Code::kRefused));
  const std::string& out = r.console.text();
  expect_failure_verdict(out);
  EXPECT_THAT(out, HasSubstr("does not chain to the trust anchor"));
  EXPECT_THAT(out, Not(HasSubstr("Host random challenge")));
}

TEST(DeviceAuthenticationFlow, TamperedCertificateFails) {
  SimRun r;
  sim::stsafe_a120::State st = chip(r).state();
  // One bit of the subject's public key (inside the signed part) flipped.
  const Bytes& der = sim::stsafe_a120::factory_personalisation(0).device_certificate;
  st.data_partitions.at(0).data.at(der.size() - 100) ^= 0x01;
  chip(r).set_state(st);
  const core::Status s = run(r, bench_ca(r));
  EXPECT_FALSE(s.ok());
  expect_failure_verdict(r.console.text());
}

TEST(DeviceAuthenticationFlow, CertificateForAnotherKeyFailsAtTheSignature) {
  // A certificate that chains, but slot 0 holds another key: the chip's signature must not verify.
  SimRun r;
  sim::stsafe_a120::State st = chip(r).state();
  st.private_keys.slots[0].private_key = sim::stsafe_a120::factory_personalisation(77).device_private_key;
  chip(r).set_state(st);
  const core::Status s = run(r, bench_ca(r));
  EXPECT_EQ(s, core::Status(core::Code::kRefused));
  const std::string& out = r.console.text();
  expect_failure_verdict(out);
  EXPECT_THAT(out, HasSubstr(" - Device certificate verified against the CA\n"));
  EXPECT_THAT(out, HasSubstr("the signature does not verify with the certificate's key"));
}

TEST(DeviceAuthenticationFlow, BlankChipFails) {
  SimRun r("stsafe-blank.json");
  const core::Status s = run(r, bench_ca(r));
  EXPECT_EQ(s, core::Status(core::Code::kNotProvisioned));
  const std::string& out = r.console.text();
  expect_failure_verdict(out);
  EXPECT_THAT(out, HasSubstr("zone 0 holds no DER certificate (first bytes 00 00 00 00 00)"));
}

TEST(DeviceAuthenticationFlow, NoVerifierOrNoCaStopsBeforeTrustingAnything) {
  SimRun r;
  fw::DeviceAuthenticationOptions o;
  EXPECT_EQ(fw::run_device_authentication(r.target->platform(), o), core::Status(core::Code::kRefused));
  hal::openssl::OpensslCertificates x509;
  o.certificates = &x509;
  EXPECT_EQ(fw::run_device_authentication(r.target->platform(), o), core::Status(core::Code::kRefused));
  expect_failure_verdict(r.console.text());
}

// --- the i2c: code path: LinuxI2cInitiator and the wall clock, a kernel stand-in over the bench ---

// Answers I2C_RDWR the way an adapter with the bench's chip on it would, the bench's virtual time
// kept level with the wall clock so the chip is busy for as long as a real one.
class BenchKernel final : public hal::linux_i2c::SysCalls {
 public:
  explicit BenchKernel(sim::Bench& bench) : bench_(bench), sim_(bench), start_(std::chrono::steady_clock::now()) {}
  int open(const char*, int) override { return 7; }
  int close(int) override { return 0; }
  int ioctl_funcs(int, unsigned long* funcs) override {
    *funcs = I2C_FUNC_I2C;
    return 0;
  }
  int last_errno() const override { return errno_; }
  int ioctl_rdwr(int, i2c_rdwr_ioctl_data* data) override {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_);
    const uint64_t wall = static_cast<uint64_t>(elapsed.count());
    if (wall > bench_.scheduler().now()) bench_.scheduler().advance_by(wall - bench_.scheduler().now());
    hal::I2cResult r = hal::I2cResult::kBusError;
    const i2c_msg* m = data->msgs;
    if (data->nmsgs == 1 && (m[0].flags & I2C_M_RD) == 0) {
      r = sim_.write(static_cast<uint8_t>(m[0].addr), std::span<const uint8_t>(m[0].buf, m[0].len));
    } else if (data->nmsgs == 1) {
      r = sim_.read(static_cast<uint8_t>(m[0].addr), std::span<uint8_t>(m[0].buf, m[0].len));
    } else if (data->nmsgs == 2) {
      r = sim_.write_read(static_cast<uint8_t>(m[0].addr), std::span<const uint8_t>(m[0].buf, m[0].len),
                          std::span<uint8_t>(m[1].buf, m[1].len));
    }
    ++transfers;
    if (r == hal::I2cResult::kOk) return static_cast<int>(data->nmsgs);
    errno_ = r == hal::I2cResult::kAddressNack ? ENXIO : EIO;
    return -1;
  }
  int transfers = 0;

 private:
  sim::Bench& bench_;
  hal::sim::SimI2cInitiator sim_;
  std::chrono::steady_clock::time_point start_;
  int errno_ = 0;
};

TEST(DeviceAuthenticationFlow, RunsOverTheI2cDevBackend) {
  std::unique_ptr<sim::Bench> bench = sim::Bench::make_default();
  BenchKernel kernel(*bench);
  std::string error;
  auto i2c = hal::linux_i2c::LinuxI2cInitiator::open("/dev/i2c-bench", error, kernel);
  ASSERT_NE(i2c, nullptr) << error;
  hal::host::SteadyClock clock;
  hal::host::FixedPowerLine power;
  hal::openssl::OpensslCrypto crypto;
  hal::host::CaptureConsole console;
  hal::Platform platform{*i2c, clock, power, crypto, console, nullptr};
  const Bytes ca = sim::stsafe_a120::factory_personalisation(0).ca_certificate;
  for (bool multistep : {false, true}) {
    console.clear();
    const core::Status s = run(platform, 0x20, ca, multistep);
    ASSERT_TRUE(s.ok()) << console.text();
    EXPECT_THAT(console.text(), HasSubstr(" ## Device authenticated"));
  }
  EXPECT_GT(kernel.transfers, 20);
}

// --- the command line ---

class DeviceAuthenticationCli : public ScratchDirTest {};

TEST_F(DeviceAuthenticationCli, PassesOnTheDefaultBenchAndFailsOnABlankOne) {
  CliOutcome ok = run_keybench("run device-authentication");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_THAT(ok.out, HasSubstr(" [keybench] device-authentication: PASS"));
  CliOutcome multi = run_keybench("run device-authentication-multistep");
  EXPECT_EQ(multi.exit_code, 0) << multi.out;
  EXPECT_THAT(multi.out, HasSubstr(" [keybench] device-authentication-multistep: PASS"));

  CliOutcome blank = run_keybench("run device-authentication --target sim:" + fixture_path("stsafe-blank.json"));
  EXPECT_EQ(blank.exit_code, 1) << blank.out;
  EXPECT_THAT(blank.out, HasSubstr(" [keybench] device-authentication: FAIL"));
  EXPECT_THAT(blank.out, Not(HasSubstr("PASS")));
}

TEST_F(DeviceAuthenticationCli, ExportCaWritesTheBenchCaAndAWrongCaFails) {
  CliOutcome pem = run_keybench("bench export-ca", false);
  ASSERT_EQ(pem.exit_code, 0) << pem.out;
  EXPECT_EQ(pem.out, sim::crypto::x509::to_pem(sim::stsafe_a120::factory_personalisation(0).ca_certificate));
  const Bytes der = hal::openssl::certificate_der(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(pem.out.data()), pem.out.size()));
  EXPECT_EQ(der, sim::stsafe_a120::factory_personalisation(0).ca_certificate);

  const std::string out = path("ca.pem");
  CliOutcome written = run_keybench("bench export-ca --out " + out);
  ASSERT_EQ(written.exit_code, 0) << written.out;
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, pem.out);

  CliOutcome with_ca = run_keybench("run device-authentication --ca " + out);
  EXPECT_EQ(with_ca.exit_code, 0) << with_ca.out;

  // Another seed's CA: the chain does not verify.
  const std::string wrong = path("wrong.pem");
  std::ofstream(wrong) << sim::crypto::x509::to_pem(sim::stsafe_a120::factory_personalisation(9).ca_certificate);
  CliOutcome refused = run_keybench("run device-authentication --ca " + wrong);
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_THAT(refused.out, HasSubstr("FAIL"));
  EXPECT_THAT(refused.out, Not(HasSubstr("PASS")));

  CliOutcome garbage_ca = run_keybench("run device-authentication --ca " + fixture_path("default.json"));
  EXPECT_EQ(garbage_ca.exit_code, 1) << garbage_ca.out;
  EXPECT_THAT(garbage_ca.out, HasSubstr("not a PEM or DER certificate"));
  CliOutcome not_for_this_flow = run_keybench("run wrapped-cmac --ca " + out);
  EXPECT_EQ(not_for_this_flow.exit_code, 2);
  CliOutcome hardware = run_keybench("bench export-ca --target i2c:/dev/i2c-1");
  EXPECT_EQ(hardware.exit_code, 2);
}

}  // namespace
}  // namespace kb::test
