// Fuzz target: a whole ATECC608A model on a bench, driven over the I2C bus the way a host drives
// it (wake pulses, word addresses, command packets, polled reads), with power cuts and waits
// that reach the watchdog.
//
// Input: fixture (1) | flags (1) | records, each `be16 length | action | body`.
//   fixture  index into the starting states: factory-fresh, an ATECC608A next to an STSAFE-A120,
//            one configured here (P-256 private key slots, a public key slot, an AES slot, a data
//            slot) with both zones locked and a key generated in slot 0, then the locked benches
//            of fixtures/benches (Mbed example, TrustFLEX-like, empty slots, slot 0 locked)
//   flags    bit 0: frame each command body (count in front, CRC behind), so mutations reach
//                   the command handlers without solving a CRC
//            bit 1: cryptoauthlib's pattern around each command: wake first, idle after
//            bit 2: cut the power between records
//            bit 3: run the bus at 1 MHz (else 400 kHz), where only the 100 kHz pulse wakes
//   action % 5: 0 command: body = opcode | param1 | param2 LE | data (framed with bit 0), sent
//                 after word address 0x03, then the opcode's maximum time, then the response
//               1 raw write: body exactly as given (any word address, partial packets)
//               2 wake pulse at 100 kHz, then tWHI
//               3 read of body[0] bytes
//               4 wait body[0..1] (BE) milliseconds
// Oracles: a chip that is not awake acknowledges nothing; an awake chip is never still busy once
// the opcode's maximum time has passed; every response group it serves is well formed (count =
// length, the independent CRC right) and every status group holds a status of fact sheet B5.6;
// the state at the end saves, loads into a fresh bench and saves the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "simulator/atecc608a/atecc608a.h"
#include "simulator/atecc608a/status.h"
#include "simulator/atecc608a/timing.h"
#include "simulator/bench/bench.h"
#include "tests/fuzz/atecc_wire.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

namespace model = kb::sim::atecc608a;
using kb::sim::Bench;
using kb::sim::BusOutcome;
using kb::sim::kMicrosecond;
using kb::sim::kMillisecond;

constexpr const char* kFixtureFiles[] = {"atecc608a-factory.json", "stsafe-atecc608a.json"};
// Locked chips from fixtures/benches, after the one configured here.
constexpr const char* kLockedFixtureFiles[] = {"atecc608a-mbed-example.json", "atecc608a-trustflex.json",
                                               "atecc608a-data-locked-empty.json", "atecc608a-slot0-locked.json"};
constexpr uint8_t kFrame = 0x01;
constexpr uint8_t kCycle = 0x02;
constexpr uint8_t kPowerCut = 0x04;
constexpr uint8_t kFastBus = 0x08;
constexpr uint8_t kAddress = model::Atecc608a::kDefaultAddress;

// Names the broken oracle and its line before aborting, so a crash report says what failed.
void require_at(bool condition, const char* what, int line) {
  if (condition) return;
  std::fprintf(stderr, "atecc608a_model: line %d: %s does not hold\n", line, what);
  std::abort();
}
#define require(condition) require_at((condition), #condition, __LINE__)

bool known_status(uint8_t s) {
  switch (static_cast<model::Status>(s)) {
    case model::Status::kSuccess:
    case model::Status::kMiscompare:
    case model::Status::kParseError:
    case model::Status::kEccFault:
    case model::Status::kSelfTestError:
    case model::Status::kHealthTestError:
    case model::Status::kExecutionError:
    case model::Status::kAfterWake:
    case model::Status::kWatchdogAboutToExpire:
    case model::Status::kCommunicationError: return true;
  }
  return false;
}

class Driver {
 public:
  Driver(Bench& bench, uint32_t rate_hz) : bench_(bench), chip_(*bench.first<model::Atecc608a>()), rate_(rate_hz) {
    bench_.bus().set_rate_hz(rate_);
  }

  void wake() {
    bench_.bus().set_rate_hz(100000);
    bench_.bus().write(0x00, {});
    bench_.scheduler().advance_by(1500 * kMicrosecond);
    bench_.bus().set_rate_hz(rate_);
  }

  BusOutcome write(std::span<const uint8_t> bytes) {
    const bool awake = chip_.power() == model::Atecc608a::Power::kAwake;
    const BusOutcome o = bench_.bus().write(kAddress, bytes);
    if (!awake) require(o == BusOutcome::kAddressNack);
    return o;
  }

  void read(size_t length) {
    const bool awake = chip_.power() == model::Atecc608a::Power::kAwake;
    std::vector<uint8_t> out(length);
    const BusOutcome o = bench_.bus().read(kAddress, out);
    if (!awake) require(o == BusOutcome::kAddressNack);
  }

  void command(std::span<const uint8_t> body, bool framed, bool cycle) {
    if (cycle && chip_.power() != model::Atecc608a::Power::kAwake) wake();
    std::vector<uint8_t> wire{0x03};
    if (framed) {
      for (uint8_t b : kb::fuzz::atecc::frame(body)) wire.push_back(b);
    } else {
      for (uint8_t b : body) wire.push_back(b);
    }
    if (write(wire) != BusOutcome::kAck) return;
    // The chip's own opcode: an unframed body, or one that completes an earlier partial packet,
    // does not start with it.
    const uint8_t opcode = chip_.running_opcode().value_or(0);
    const uint32_t ms = model::execution_time_ms(opcode, chip_.eeprom().chip_mode()).value_or(0);
    bench_.scheduler().advance_by((ms + 1) * kMillisecond);
    if (chip_.power() == model::Atecc608a::Power::kAwake) require(!chip_.busy());
    check_response();
    if (cycle) write(std::vector<uint8_t>{0x02});
  }

  // Reads the output group from its start (word address 0x00 rewinds) and checks its framing.
  void check_response() {
    if (chip_.power() != model::Atecc608a::Power::kAwake || chip_.output().empty()) return;
    if (write(std::vector<uint8_t>{0x00}) != BusOutcome::kAck) return;
    std::vector<uint8_t> count(1);
    if (bench_.bus().read(kAddress, count) != BusOutcome::kAck) return;
    require(count[0] == chip_.output().size() && count[0] >= 4);
    std::vector<uint8_t> group(count[0]);
    group[0] = count[0];
    std::vector<uint8_t> rest(count[0] - 1u);
    require(bench_.bus().read(kAddress, rest) == BusOutcome::kAck);
    for (size_t i = 0; i < rest.size(); ++i) group[1 + i] = rest[i];
    require(kb::fuzz::atecc::crc_ok(group));
    if (group.size() == 4) require(known_status(group[1]));
  }

 private:
  Bench& bench_;
  model::Atecc608a& chip_;
  uint32_t rate_;
};

std::vector<nlohmann::json>& fixtures() {
  static std::vector<nlohmann::json> loaded;
  return loaded;
}

nlohmann::json read_fixture(const char* name) {
  const std::string path = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "atecc608a_model: cannot read %s\n", path.c_str());
    std::abort();
  }
  return nlohmann::json::parse(in);
}

// Sends one framed command on an awake chip and returns the response payload.
std::vector<uint8_t> setup_command(Bench& bench, uint8_t opcode, uint8_t param1, uint16_t param2,
                                   const std::vector<uint8_t>& data = {}) {
  std::vector<uint8_t> body{opcode, param1, static_cast<uint8_t>(param2), static_cast<uint8_t>(param2 >> 8)};
  for (uint8_t b : data) body.push_back(b);
  std::vector<uint8_t> wire{0x03};
  for (uint8_t b : kb::fuzz::atecc::frame(body)) wire.push_back(b);
  auto& chip = *bench.first<model::Atecc608a>();
  require(bench.bus().write(kAddress, wire) == BusOutcome::kAck);
  bench.scheduler().advance_by((*model::execution_time_ms(opcode, chip.eeprom().chip_mode()) + 1) * kMillisecond);
  const std::vector<uint8_t>& out = chip.output();
  require(out.size() >= 4);
  return {out.begin() + 1, out.end() - 2};
}

void require_success(const std::vector<uint8_t>& payload) {
  if (payload.size() != 1 || payload[0] != 0x00) {
    std::fprintf(stderr, "atecc608a_model: setting up the configured fixture failed\n");
    std::abort();
  }
}

// Factory chip → slots 0-2 P-256 private keys (GenKey allowed, ECDH and signing), slot 9 a
// public key, slot 10 an AES key, slot 8 clear data; config locked with its CRC, a key generated
// in slot 0, the data zone locked (fact sheet B7.3 field layout).
nlohmann::json configured_fixture() {
  nlohmann::json fixture = read_fixture("atecc608a-factory.json");
  std::unique_ptr<Bench> bench = Bench::from_json(fixture, "configured");
  Driver(*bench, 400000).wake();
  auto config_word = [&](size_t offset, std::vector<uint8_t> four) {
    const auto param2 = static_cast<uint16_t>((offset / 32) << 3 | (offset % 32) / 4);
    require_success(setup_command(*bench, 0x12, 0x00, param2, four));
  };
  // SlotConfig (bytes 20-51, two per slot LE) and KeyConfig (96-127).
  config_word(20, {0x87, 0x20, 0x87, 0x20});   // slots 0, 1: secret, sign/ECDH, GenKey allowed
  config_word(24, {0x87, 0x20, 0x00, 0x00});   // slot 2 likewise, slot 3 clear
  config_word(36, {0x00, 0x00, 0x00, 0x00});   // slots 8, 9: clear read and write
  config_word(40, {0x00, 0x00, 0x00, 0x00});   // slots 10, 11
  config_word(96, {0x33, 0x00, 0x33, 0x00});   // P-256 private, PubInfo, lockable
  config_word(100, {0x33, 0x00, 0x3C, 0x00});  // slot 2 P-256 private; slot 3 data, lockable
  config_word(112, {0x3C, 0x00, 0x10, 0x00});  // slot 8 data; slot 9 P-256 public
  config_word(116, {0x18, 0x00, 0x3C, 0x00});  // slot 10 AES; slot 11 data
  std::vector<uint8_t> config;
  for (uint16_t block = 0; block < 4; ++block) {
    const auto part = setup_command(*bench, 0x02, 0x80, static_cast<uint16_t>(block << 3));
    require(part.size() == 32);
    for (uint8_t b : part) config.push_back(b);
  }
  require_success(setup_command(*bench, 0x17, 0x00, kb::fuzz::atecc::reference_crc(config)));
  require(setup_command(*bench, 0x40, 0x04, 0).size() == 64);
  require_success(setup_command(*bench, 0x17, 0x81, 0));
  fixture["devices"][0]["state"] = bench->save_state()["devices"][0]["state"];
  return fixture;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (const char* name : kFixtureFiles) fixtures().push_back(read_fixture(name));
  fixtures().push_back(configured_fixture());
  for (const char* name : kLockedFixtureFiles) fixtures().push_back(read_fixture(name));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kb::fuzz::FuzzInput input({data, size});
  const size_t which = input.byte() % fixtures().size();
  const uint8_t flags = input.byte();
  std::unique_ptr<Bench> bench = Bench::from_json(fixtures()[which], "fuzz");
  Driver driver(*bench, (flags & kFastBus) != 0 ? 1000000 : 400000);

  while (!input.empty()) {
    const std::span<const uint8_t> record = input.record();
    if (record.empty()) continue;
    const std::span<const uint8_t> body = record.subspan(1);
    switch (record[0] % 5) {
      case 0: driver.command(body, (flags & kFrame) != 0, (flags & kCycle) != 0); break;
      case 1: driver.write(body); break;
      case 2: driver.wake(); break;
      case 3: driver.read(body.empty() ? 1 : body[0]); break;
      case 4: {
        const uint32_t ms = body.size() >= 2 ? static_cast<uint32_t>(body[0] << 8 | body[1]) : 0;
        bench->scheduler().advance_by(ms * kMillisecond);
        break;
      }
    }
    if ((flags & kPowerCut) != 0) bench->power_cycle();
  }

  const nlohmann::json saved = bench->save_state();
  std::unique_ptr<Bench> again = Bench::from_json(fixtures()[which], "fuzz");
  again->load_state(saved, "the fuzzed chip's state");
  require(again->save_state()["devices"] == saved["devices"]);
  return 0;
}
