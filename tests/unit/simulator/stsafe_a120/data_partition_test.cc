// The data partition on the model (fact sheet 2.5 "Read / update / decrement", query 0x12):
// the zone table bytes, every check of Read, Update and Decrement with its status, access
// conditions under the host channel (the ISS #63 trace), power cuts at every NVM word of an
// update and of a decrement, and the JSON form of the zones.
#include <gtest/gtest.h>

#include <string>

#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/state_json.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/timing.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

const Bytes kOk = hex("00 00 02 F0 78");

// Zone records of the factory table (index | type | AC byte | length), counters 500000 = 0007A120.
const Bytes kFactoryTable =
    hex("08"
        "00 00 0F 03 E8"
        "01 00 08 02 BC"
        "02 00 08 02 58"
        "03 00 08 02 58"
        "04 00 08 06 A0"
        "05 01 08 00 40 00 07 A1 20"
        "06 01 08 00 40 00 07 A1 20"
        "07 00 08 06 2A");

Bytes read_cmd(uint8_t option, uint8_t zone, uint16_t offset, uint16_t length) {
  return cat({Bytes{option, zone}, be16(offset), be16(length)});
}
Bytes update_cmd(uint8_t option, uint8_t zone, uint16_t offset, const Bytes& data) {
  return cat({Bytes{option, zone}, be16(offset), data});
}
Bytes decrement_cmd(uint8_t option, uint8_t zone, uint16_t offset, uint32_t amount, const Bytes& data) {
  return cat({Bytes{option, zone}, be16(offset), be32(amount), data});
}
// Unprotected frames: header | payload | CRC.
Bytes plain(uint8_t code, const Bytes& payload) {
  return with_crc(cat({Bytes{code}, payload}));
}

const DataPartition& zone(const Stsafe& chip, uint8_t index) {
  return chip.state().data_partitions.at(*find_zone(chip.state().data_partitions, index));
}

// A chip whose zone `index` has been edited by `edit`, written through set_state like a fixture.
template <typename Edit>
void edit_zone(Stsafe& chip, uint8_t index, Edit edit) {
  State s = chip.state();
  edit(s.data_partitions.at(*find_zone(s.data_partitions, index)));
  chip.set_state(s);
}

// --- Query 0x12 ---

TEST(StsafeDataPartition, FactoryTableAnswersTheSpl05Layout) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("14 12")), response_frame(0x00, kFactoryTable));
  EXPECT_EQ(b.transact(frame("14 12 00")), error_frame(0x02));
}

TEST(StsafeDataPartition, FactoryZonesAreWhatFidelityMdSays) {
  const std::vector<DataPartition> zones = factory_data_partitions();
  ASSERT_EQ(zones.size(), 8u);
  // Zone 0, where the device certificate goes: room for a ~600-byte DER certificate, free to
  // read, nobody may update it; its update AC may still be changed (to NEVER only: it is NEVER).
  EXPECT_GE(zones[0].data.size(), 600u);
  EXPECT_EQ(zones[0].read_access, ZoneAccess::kFree);
  EXPECT_EQ(zones[0].update_access, ZoneAccess::kNever);
  EXPECT_EQ(zones[5].type, ZoneType::kCounter);
  EXPECT_EQ(zones[5].counter, 500000u);
  EXPECT_EQ(zones[6].counter, 500000u);
  for (const DataPartition& z : zones) EXPECT_EQ(z.data, Bytes(z.data.size(), 0x00));
}

TEST(StsafeDataPartition, TableFollowsTheState) {
  StsafeOnBus b;
  State s = b.chip.state();
  s.data_partitions = {s.data_partitions[5]};
  s.data_partitions[0].index = 9;
  s.data_partitions[0].counter = 0x01020304;
  s.data_partitions[0].read_change_right = true;
  s.data_partitions[0].read_access = ZoneAccess::kHost;
  s.data_partitions[0].update_access = ZoneAccess::kAuthenticatedHost;
  b.chip.set_state(s);
  EXPECT_EQ(b.transact(frame("14 12")), response_frame(0x00, hex("01 09 01 9E 00 40 01 02 03 04")));
}

// --- Read / Update / Decrement on free zones ---

TEST(StsafeDataPartition, UpdateThenReadBack) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 1, 0x10, hex("AA BB CC")))), kOk);
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 1, 0x0F, 5))), response_frame(0x00, hex("00 AA BB CC 00")));
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x80, 1, 0x11, hex("DD")))), kOk);  // atomic
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 1, 0x10, 3))), response_frame(0x00, hex("AA DD CC")));
  // Persistent: a power cycle reloads the zone from the NVM.
  b.chip.power_cycle();
  EXPECT_EQ(zone(b.chip, 1).data[0x11], 0xDD);
}

TEST(StsafeDataPartition, WholeZoneAndEdges) {
  StsafeOnBus b;
  // Zone 1 is 700 bytes: its last byte, an empty read at its end, one byte past it.
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 1, 699, hex("5A")))), kOk);
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 1, 699, 1))), response_frame(0x00, hex("5A")));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 1, 700, 0))), response_frame(0x00, {}));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 1, 699, 2))), error_frame(0x14));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 1, 0xFFFF, 0xFFFF))), error_frame(0x14));
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 1, 699, hex("01 02")))), error_frame(0x14));
  EXPECT_EQ(zone(b.chip, 1).data[699], 0x5A) << "a refused update writes nothing";
  // Zone 4 is 1696 bytes: one answer holds at most 747.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 4, 0, 747))), response_frame(0x00, Bytes(747, 0x00)));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 4, 0, 748))), error_frame(0x06));
  // The longest update a plain frame carries: 752 - header - option, zone, offset = 747 bytes.
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x80, 4, 949, Bytes(747, 0x77)))), kOk);
  EXPECT_EQ(zone(b.chip, 4).data[1695], 0x77);
  EXPECT_EQ(zone(b.chip, 4).data[948], 0x00);
}

TEST(StsafeDataPartition, MalformedCommands) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(plain(0x05, hex("00 01 00 00 00"))), error_frame(0x02));
  EXPECT_EQ(b.transact(plain(0x05, hex("00 01 00 00 00 01 00"))), error_frame(0x02));
  EXPECT_EQ(b.transact(plain(0x06, hex("00 01 00"))), error_frame(0x02));
  EXPECT_EQ(b.transact(plain(0x04, hex("00 05 00 00 00 00 01"))), error_frame(0x02));
  // Reserved option bits: Read/Decrement 7..5, Update 6..5.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x20, 1, 0, 1))), error_frame(0x03));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x80, 1, 0, 1))), error_frame(0x03));
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x40, 1, 0, hex("01")))), error_frame(0x03));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x20, 5, 0, 1, {}))), error_frame(0x03));
  // A change to an access condition with no name (2..5).
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x12, 1, 0, 1))), error_frame(0x03));
  // Without the change bit the access bits are ignored, as ST's library sends them.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x0F, 1, 0, 1))), response_frame(0x00, hex("00")));
  EXPECT_EQ(zone(b.chip, 1), factory_data_partitions()[1]);
  // No such zone.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 8, 0, 1))), error_frame(0x10));
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 0xFF, 0, hex("01")))), error_frame(0x10));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 8, 0, 1, {}))), error_frame(0x10));
}

TEST(StsafeDataPartition, ZoneTypesAreKeptApart) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 5, 0, hex("01")))), error_frame(0x12));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 1, 0, 1, {}))), error_frame(0x12));
  EXPECT_EQ(b.chip.state(), factory_state());
}

// --- Counter zones ---

TEST(StsafeDataPartition, DecrementLowersTheCounterAndWritesItsData) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 2, 1, hex("DE AD")))),
            response_frame(0x00, hex("00 07 A1 1F")));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 5, 0, 4))), response_frame(0x00, hex("00 07 A1 1F 00 00 DE AD")));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 0, 0x1F, {}))), response_frame(0x00, hex("00 07 A1 00")));
  EXPECT_EQ(zone(b.chip, 5).counter, 499968u);
  EXPECT_EQ(zone(b.chip, 6).counter, 500000u) << "the other counter zone is untouched";
  // Reading the counter alone.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 5, 64, 0))), response_frame(0x00, hex("00 07 A1 00")));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 5, 63, 2))), error_frame(0x14));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 63, 1, hex("01 02")))), error_frame(0x14));
  EXPECT_EQ(zone(b.chip, 5).counter, 499968u) << "a refused decrement leaves the counter";
}

TEST(StsafeDataPartition, CounterNeverGoesBelowZero) {
  StsafeOnBus b;
  edit_zone(b.chip, 5, [](DataPartition& z) { z.counter = 3; });
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 0, 4, hex("11")))), error_frame(0x13));
  EXPECT_EQ(zone(b.chip, 5).counter, 3u);
  EXPECT_EQ(zone(b.chip, 5).data[0], 0x00) << "nor its data";
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 0, 0xFFFFFFFF, {}))), error_frame(0x13));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 0, 3, hex("22")))), response_frame(0x00, hex("00000000")));
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 5, 0, 1, {}))), error_frame(0x13));
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 5, 0, 1))), response_frame(0x00, hex("00 00 00 00 22")));
  // Amount 0 is refused (ST's library refuses it before sending).
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 6, 0, 0, {}))), error_frame(0x03));
  EXPECT_EQ(zone(b.chip, 6).counter, 500000u);
}

// --- Access conditions ---

TEST(StsafeDataPartition, UpdateNeverRefusesEveryone) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 0, 0, hex("30 82")))), error_frame(0x11));
  EXPECT_EQ(host.exchange(b, hex("06"), update_cmd(0x80, 0, 0, hex("30 82"))).status, 0x11);
  EXPECT_EQ(zone(b.chip, 0).data[0], 0x00);
  // Reads of zone 0 stay free.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 0, 998, 2))), response_frame(0x00, hex("00 00")));
  // Nor can an Update change the condition back: it is refused before the change is looked at.
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x18, 0, 0, {}))), error_frame(0x11));
  EXPECT_EQ(zone(b.chip, 0).update_access, ZoneAccess::kNever);
}

TEST(StsafeDataPartition, HostReadNeedsTheHostChannel) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  edit_zone(b.chip, 2, [](DataPartition& z) {
    z.read_access = ZoneAccess::kHost;
    z.data[0] = 0x42;
  });
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 2, 0, 1))), error_frame(0x11));
  const HostChannel::Reply r = host.exchange(b, hex("05"), read_cmd(0x00, 2, 0, 1));
  EXPECT_EQ(r.status, 0x00);
  EXPECT_EQ(r.payload, hex("42"));
  // A bad C-MAC is no host channel: refused before the zone is looked at.
  Bytes wire = host.frame(hex("05"), read_cmd(0x00, 2, 0, 1));
  wire[7] ^= 0x01;
  EXPECT_EQ(b.transact(with_crc(Bytes(wire.begin(), wire.end() - 2))), error_frame(0x16));
}

// The host channel alone does not meet AUTH + HOST; with an authenticated entity it does
// (public_key_slots_test.cc drives 1F 0E / 1F 0F for it).
TEST(StsafeDataPartition, AuthenticatedHostNeedsAnEntityBesideTheHostChannel) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  edit_zone(b.chip, 3, [](DataPartition& z) { z.read_access = ZoneAccess::kAuthenticatedHost; });
  EXPECT_EQ(host.exchange(b, hex("05"), read_cmd(0x00, 3, 0, 1)).status, 0x11);
  EXPECT_TRUE(zone_access_granted(ZoneAccess::kAuthenticatedHost, ZoneCredentials{true, true}));
  EXPECT_FALSE(zone_access_granted(ZoneAccess::kAuthenticatedHost, ZoneCredentials{true, false}));
  EXPECT_FALSE(zone_access_granted(ZoneAccess::kAuthenticatedHost, ZoneCredentials{false, true}));
  EXPECT_FALSE(zone_access_granted(ZoneAccess::kNever, ZoneCredentials{true, true}));
}

// STSELib issue #63, as the fact sheet quotes it: zone 2's read AC was changed from ALWAYS to
// HOST with the change right kept; changing it back (option 0x18: change, change right 1, AC 0)
// under the host channel answers 0x11. The real frame was
//   E5 18 02 00 00 00 01 C7 0F 15 19 D2 17
// with a C-MAC under the reporter's keys; here the same command under the test keys.
TEST(StsafeDataPartition, Issue63TraceCannotWeakenAReadAccessCondition) {
  // The published frame's CRC, by the test's own CRC.
  const Bytes trace = hex("E5 18 02 00 00 00 01 C7 0F 15 19");
  EXPECT_EQ(with_crc(trace), hex("E5 18 02 00 00 00 01 C7 0F 15 19 D2 17"));

  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  edit_zone(b.chip, 2, [](DataPartition& z) { z.read_change_right = true; });
  // Step 1 of the issue: ALWAYS → HOST, change right kept (option 0x19), sent plain.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x19, 2, 0, 1))), response_frame(0x00, hex("00")));
  EXPECT_EQ(zone(b.chip, 2).read_access, ZoneAccess::kHost);
  EXPECT_TRUE(zone(b.chip, 2).read_change_right);
  // Step 2: the issue's frame.
  const Bytes wire = host.frame(hex("05"), read_cmd(0x18, 2, 0, 1));
  EXPECT_EQ(Bytes(wire.begin(), wire.begin() + 7), hex("E5 18 02 00 00 00 01"));
  EXPECT_EQ(host.exchange(b, hex("05"), read_cmd(0x18, 2, 0, 1)).status, 0x11);
  EXPECT_EQ(zone(b.chip, 2).read_access, ZoneAccess::kHost);
  // Stricter still is allowed: HOST → NEVER with the change right given up (0x17).
  EXPECT_EQ(host.exchange(b, hex("05"), read_cmd(0x17, 2, 0, 0)).status, 0x00);
  EXPECT_EQ(zone(b.chip, 2).read_access, ZoneAccess::kNever);
  EXPECT_FALSE(zone(b.chip, 2).read_change_right);
  EXPECT_EQ(host.exchange(b, hex("05"), read_cmd(0x00, 2, 0, 1)).status, 0x11);
}

TEST(StsafeDataPartition, ChangeIndicatorRefusedOnceTheChangeRightIsGone) {
  StsafeOnBus b;
  // Factory zones have their read change right off.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x17, 1, 0, 0))), error_frame(0x11));
  EXPECT_EQ(zone(b.chip, 1).read_access, ZoneAccess::kFree);
  // Update AC: FREE → HOST with the change right given up (0x80 atomic | 0x10 change | 0 | 1),
  // together with data, in one command.
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x91, 1, 0, hex("01 02")))), kOk);
  EXPECT_EQ(zone(b.chip, 1).update_access, ZoneAccess::kHost);
  EXPECT_FALSE(zone(b.chip, 1).update_change_right);
  EXPECT_EQ(zone(b.chip, 1).data[1], 0x02);
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 1, 0, hex("03")))), error_frame(0x11));
  HostChannel host = give_test_host_keys(b.chip);
  EXPECT_EQ(host.exchange(b, hex("06"), update_cmd(0x00, 1, 0, hex("03"))).status, 0x00);
  EXPECT_EQ(zone(b.chip, 1).data[0], 0x03);
  // Even under the host channel and towards NEVER, the spent change right refuses the change.
  EXPECT_EQ(host.exchange(b, hex("06"), update_cmd(0x17, 1, 0, {})).status, 0x11);
  EXPECT_EQ(zone(b.chip, 1).update_access, ZoneAccess::kHost);
}

TEST(StsafeDataPartition, DecrementIsUnderTheUpdateAccessCondition) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  // Decrement's option changes the update AC: FREE → HOST, change right kept (0x19).
  const HostChannel::Reply r = host.exchange(b, hex("04"), decrement_cmd(0x19, 6, 0, 10, {}));
  EXPECT_EQ(r.status, 0x00);
  EXPECT_EQ(r.payload, be32(499990));
  EXPECT_EQ(zone(b.chip, 6).update_access, ZoneAccess::kHost);
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x00, 6, 0, 1, {}))), error_frame(0x11));
  // Reading stays free.
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 6, 0, 0))), response_frame(0x00, be32(499990)));
}

// --- Timing (fact sheet 5: Decrement 23, Read 23, Update 22 ms) ---

TEST(StsafeDataPartition, BusyForTheTableTimes) {
  EXPECT_EQ(standard_command_time_ms(0x04), 23u);
  EXPECT_EQ(standard_command_time_ms(0x05), 23u);
  EXPECT_EQ(standard_command_time_ms(0x06), 22u);
  StsafeOnBus b;
  ASSERT_EQ(b.write(plain(0x06, update_cmd(0x00, 1, 0, hex("01")))), BusOutcome::kAck);
  const Nanoseconds written = b.scheduler.now() - b.bus.bit_time_ns();
  b.scheduler.advance_to(written + 22 * kMillisecond - 100 * kMicrosecond);
  EXPECT_TRUE(b.chip.busy());
  EXPECT_EQ(zone(b.chip, 1).data[0], 0x00) << "the zone changes at the end of the execution time";
  b.scheduler.advance_to(written + 22 * kMillisecond + 100 * kMicrosecond);
  EXPECT_FALSE(b.chip.busy());
  EXPECT_EQ(zone(b.chip, 1).data[0], 0x01);
}

// --- Power cuts ---

// Cuts the power before NVM word `cut` of the command (if it has that many), then powers up.
// Returns whether the cut fired.
bool run_with_cut(StsafeOnBus& b, const Bytes& wire, uint64_t cut) {
  b.chip.nvm().arm_power_cut_after_words(cut);
  EXPECT_EQ(b.write(wire), BusOutcome::kAck);
  b.scheduler.advance_by(600 * kMillisecond);
  const bool fired = b.chip.nvm().power_cut_fired();
  b.chip.nvm().clear_power_cut();
  b.chip.power_cycle();
  if (fired) {
    EXPECT_FALSE(b.chip.has_response());
  }
  return fired;
}

// A chip whose zone 1 holds `old` from `offset`, written by an earlier update and then by a
// second one, so the journal has been used before the cut.
void prepare_zone1(StsafeOnBus& b, size_t offset, const Bytes& old) {
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x80, 1, static_cast<uint16_t>(offset), Bytes(old.size(), 0x99)))), kOk);
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x80, 1, static_cast<uint16_t>(offset), old))), kOk);
}

Bytes zone_bytes(const Stsafe& chip, uint8_t index, size_t offset, size_t n) {
  const Bytes& d = zone(chip, index).data;
  return Bytes(d.begin() + static_cast<long>(offset), d.begin() + static_cast<long>(offset + n));
}

TEST(StsafeDataPartitionPowerCut, AtomicUpdateLeavesOldOrNewAtEveryWord) {
  // 37 bytes at offset 3: neither end on a word boundary.
  const size_t offset = 3;
  const Bytes old_data = repeat(0x11, 37);
  const Bytes new_data = counting(37, 0x40);
  const Bytes wire = plain(0x06, update_cmd(0x80, 1, offset, new_data));
  bool saw_old = false, saw_new = false;
  uint64_t cut = 0;
  for (;; ++cut) {
    StsafeOnBus b;
    prepare_zone1(b, offset, old_data);
    const bool fired = run_with_cut(b, wire, cut);
    const Bytes now = zone_bytes(b.chip, 1, offset, 37);
    EXPECT_TRUE(now == old_data || now == new_data) << "cut before word " << cut;
    EXPECT_EQ(zone_bytes(b.chip, 1, 0, offset), Bytes(offset, 0x00)) << "bytes around the update untouched";
    EXPECT_EQ(zone_bytes(b.chip, 1, offset + 37, 5), Bytes(5, 0x00));
    saw_old = saw_old || now == old_data;
    saw_new = saw_new || now == new_data;
    // Whatever the cut left, the next write finishes or drops the journal and goes on from there.
    EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x80, 2, 0, hex("77")))), kOk);
    EXPECT_EQ(zone_bytes(b.chip, 1, offset, 37), now) << "cut before word " << cut;
    EXPECT_EQ(zone(b.chip, 2).data[0], 0x77);
    if (!fired) break;
  }
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
  // Journal data, commit word, zone words, clear: more than a dozen cut points.
  EXPECT_GT(cut, 12u);
}

TEST(StsafeDataPartitionPowerCut, NonAtomicUpdateCanBeTorn) {
  // The oracle above would catch a mix: without the atomic bit the chip writes in place, and a
  // cut in the middle leaves one.
  const Bytes old_data = repeat(0x11, 40);
  const Bytes new_data = repeat(0x22, 40);
  bool saw_mix = false;
  for (uint64_t cut = 0; cut < 20; ++cut) {
    StsafeOnBus b;
    prepare_zone1(b, 0, old_data);
    run_with_cut(b, plain(0x06, update_cmd(0x00, 1, 0, new_data)), cut);
    const Bytes now = zone_bytes(b.chip, 1, 0, 40);
    saw_mix = saw_mix || (now != old_data && now != new_data);
  }
  EXPECT_TRUE(saw_mix);
}

TEST(StsafeDataPartitionPowerCut, DecrementLeavesOldOrNewCounterWithItsData) {
  const Bytes wire = plain(0x04, decrement_cmd(0x00, 5, 1, 7, hex("A1 A2 A3 A4 A5 A6")));
  bool saw_old = false, saw_new = false;
  uint64_t cut = 0;
  for (;; ++cut) {
    StsafeOnBus b;
    const bool fired = run_with_cut(b, wire, cut);
    const DataPartition& z = zone(b.chip, 5);
    const bool old_state = z.counter == 500000 && zone_bytes(b.chip, 5, 1, 6) == Bytes(6, 0x00);
    const bool new_state = z.counter == 499993 && zone_bytes(b.chip, 5, 1, 6) == hex("A1 A2 A3 A4 A5 A6");
    EXPECT_TRUE(old_state || new_state) << "cut before word " << cut << ": counter " << z.counter;
    saw_old = saw_old || old_state;
    saw_new = saw_new || new_state;
    if (!fired) {
      EXPECT_TRUE(new_state);
      break;
    }
  }
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
}

TEST(StsafeDataPartitionPowerCut, TornJournalIsFinishedByTheNextWrite) {
  // Cut right after the commit word: the NVM zone bytes are still old, the state already new.
  StsafeOnBus b;
  const Bytes new_data = repeat(0x5C, 8);
  const Bytes wire = plain(0x06, update_cmd(0x80, 3, 0, new_data));
  // The journal body of 8 data bytes is 2 + 2 words, the commit word 1: cut before word 5.
  run_with_cut(b, wire, 5);
  EXPECT_EQ(zone_bytes(b.chip, 3, 0, 8), new_data);
  const Nvm& nvm = b.chip.nvm();
  EXPECT_EQ(nvm.byte(0x1200), 0x5A) << "the journal is still committed";
  // A read changes nothing in the NVM; the next write settles the journal first.
  const uint64_t writes = nvm.words_programmed();
  EXPECT_EQ(b.transact(plain(0x05, read_cmd(0x00, 3, 0, 8))), response_frame(0x00, new_data));
  EXPECT_EQ(nvm.words_programmed(), writes);
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 1, 0, hex("01")))), kOk);
  EXPECT_EQ(nvm.byte(0x1200), 0xFF);
  EXPECT_EQ(zone_bytes(b.chip, 3, 0, 8), new_data);
}

TEST(StsafeDataPartition, NvmRecordNames) {
  EXPECT_EQ(nvm_record_name(0x1000), "data partition table");
  EXPECT_EQ(nvm_record_name(0x1004 + 12 * 5 + 8), "data partition zone record 5");
  EXPECT_EQ(nvm_record_name(0x1200), "data partition journal commit word");
  EXPECT_EQ(nvm_record_name(0x1300), "data partition journal");
  EXPECT_EQ(nvm_record_name(0x2000), "data partition zones");
  EXPECT_EQ(nvm_record_name(0x0FFC), "unused");
}

// --- JSON ---

void load(Stsafe& chip, const nlohmann::json& j) {
  chip.load_state(JsonView(j, "test.json", "$.state"));
}

std::string error_of(const nlohmann::json& j) {
  StsafeOnBus b;
  try {
    load(b.chip, j);
  } catch (const FixtureError& e) {
    EXPECT_EQ(b.chip.state(), factory_state()) << "a bad state changes nothing";
    return e.path() + ": " + e.problem();
  }
  return "";
}

TEST(StsafeDataPartitionJson, FactoryZonesSaveInFull) {
  StsafeOnBus b;
  const nlohmann::json zones = b.chip.save_state().at("data_partitions");
  ASSERT_EQ(zones.size(), 8u);
  EXPECT_EQ(zones[0], nlohmann::json({{"zone", 0},
                                      {"type", "data"},
                                      {"length", 1000},
                                      {"read_access", "free"},
                                      {"read_change_right", false},
                                      {"update_access", "never"},
                                      {"update_change_right", true}}));
  EXPECT_EQ(zones[5].at("counter"), 500000);
  EXPECT_FALSE(zones[5].contains("data")) << "all-zero data is left out";
}

TEST(StsafeDataPartitionJson, RoundTrip) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(plain(0x06, update_cmd(0x00, 0x07, 10, hex("01 02 03")))), kOk);
  EXPECT_EQ(b.transact(plain(0x04, decrement_cmd(0x19, 6, 63, 5, hex("FF")))), response_frame(0x00, be32(499995)));
  State s = b.chip.state();
  s.data_partitions.push_back(DataPartition{0x20, ZoneType::kCounter, ZoneAccess::kNever, false,
                                            ZoneAccess::kAuthenticatedHost, false, 0xFFFFFFFF, hex("00 10 00 00")});
  b.chip.set_state(s);
  const nlohmann::json saved = b.chip.save_state();
  const nlohmann::json& zones = saved.at("data_partitions");
  ASSERT_EQ(zones.size(), 9u);
  EXPECT_EQ(zones[7].at("data"), std::string(20, '0') + "010203");
  EXPECT_EQ(zones[6].at("update_access"), "host");
  EXPECT_EQ(zones[6].at("counter"), 499995);
  EXPECT_EQ(zones[6].at("data"), std::string(126, '0') + "FF");
  EXPECT_EQ(zones[8], nlohmann::json({{"zone", 32},
                                      {"type", "counter"},
                                      {"length", 4},
                                      {"read_access", "never"},
                                      {"read_change_right", false},
                                      {"update_access", "auth_host"},
                                      {"update_change_right", false},
                                      {"counter", 4294967295u},
                                      {"data", "0010"}}));
  StsafeOnBus other;
  load(other.chip, saved);
  EXPECT_EQ(other.chip.state(), b.chip.state());
  EXPECT_EQ(other.chip.save_state(), saved);
  EXPECT_EQ(other.transact(plain(0x05, read_cmd(0x00, 7, 9, 5))), response_frame(0x00, hex("00 01 02 03 00")));
}

TEST(StsafeDataPartitionJson, FactoryZonesInheritWhatTheyLeaveOut) {
  StsafeOnBus b;
  load(b.chip, nlohmann::json::parse(R"({"data_partitions": [
      {"zone": 5, "counter": 12, "data": "0A0B"},
      {"zone": 0, "update_access": "never", "update_change_right": false, "data": "3082"},
      {"zone": 40, "type": "data", "length": 16, "read_access": "host"}]})"));
  const std::vector<DataPartition>& zones = b.chip.state().data_partitions;
  ASSERT_EQ(zones.size(), 3u) << "the list is the whole table, in its order";
  EXPECT_EQ(zones[0].index, 5);
  EXPECT_EQ(zones[0].counter, 12u);
  EXPECT_EQ(zones[0].data.size(), 64u);
  EXPECT_EQ(zones[0].data[1], 0x0B);
  EXPECT_EQ(zones[1].data.size(), 1000u);
  EXPECT_FALSE(zones[1].update_change_right);
  EXPECT_EQ(zones[2].read_access, ZoneAccess::kHost);
  EXPECT_EQ(zones[2].update_access, ZoneAccess::kFree);
  EXPECT_EQ(b.transact(frame("14 12")),
            response_frame(0x00, hex("03 05 01 08 00 40 00 00 00 0C 00 00 07 03 E8 28 00 18 00 10")));
}

TEST(StsafeDataPartitionJson, LoadErrorsNameTheField) {
  const auto zones = [](const char* list) {
    return nlohmann::json::parse(std::string(R"({"data_partitions": )") + list + "}");
  };
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "colour": 1}])")).rfind("$.state.data_partitions[0].colour: unknown key", 0),
            0u);
  EXPECT_EQ(error_of(zones(R"([{"zone": 256}])")).rfind("$.state.data_partitions[0].zone:", 0), 0u);
  EXPECT_EQ(error_of(zones(R"([{"zone": 9, "length": 4}])")), "$.state.data_partitions[0].type: missing");
  EXPECT_EQ(error_of(zones(R"([{"zone": 9, "type": "data"}])")), "$.state.data_partitions[0].length: missing");
  EXPECT_EQ(error_of(zones(R"([{"zone": 1}, {"zone": 1}])")),
            "$.state.data_partitions[1].zone: zone 1 is listed twice");
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "counter": 5}])")),
            "$.state.data_partitions[0].counter: only a counter zone has a counter");
  EXPECT_EQ(error_of(zones(R"([{"zone": 5, "type": "data", "counter": 5}])")),
            "$.state.data_partitions[0].counter: only a counter zone has a counter");
  EXPECT_EQ(error_of(zones(R"([{"zone": 5, "counter": 4294967296}])")).rfind("$.state.data_partitions[0].counter:", 0),
            0u);
  const nlohmann::json too_long = {{"zone", 5}, {"data", std::string(128, '0') + "AA"}};
  EXPECT_EQ(error_of({{"data_partitions", nlohmann::json::array({too_long})}}),
            "$.state.data_partitions[0].data: holds 65 bytes, the zone 64");
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "data": "0G"}])")).rfind("$.state.data_partitions[0].data:", 0), 0u);
  EXPECT_EQ(
      error_of(zones(R"([{"zone": 1, "read_access": "admin"}])")).rfind("$.state.data_partitions[0].read_access:", 0),
      0u);
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "type": "ring"}])")).rfind("$.state.data_partitions[0].type:", 0), 0u);
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "length": 65536}])")).rfind("$.state.data_partitions[0].length:", 0), 0u);
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "length": 11000}, {"zone": 2}])")),
            "$.state.data_partitions[1]: the zones do not fit the model's 11008 bytes of zone memory");
  EXPECT_EQ(error_of(zones(R"([{"zone": 1, "length": 11000}, {"zone": 9, "type": "data", "length": 12}])")),
            "$.state.data_partitions[1].length: the zones do not fit the model's 11008 bytes of zone memory");
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 33; ++i) many.push_back({{"zone", 100 + i}, {"type", "data"}, {"length", 1}});
  EXPECT_EQ(error_of({{"data_partitions", many}}), "$.state.data_partitions: more than 32 zones");
  EXPECT_EQ(error_of(zones(R"({"zone": 1})")), "$.state.data_partitions: expected an array");
}

// --- Fixtures ---

std::unique_ptr<Bench> bench(const std::string& name) {
  return Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name);
}

TEST(StsafeDataPartitionFixtures, ZoneUpdateLocked) {
  auto bench_ = bench("stsafe-zone-update-locked.json");
  Stsafe* chip = bench_->first<Stsafe>();
  const DataPartition& z = zone(*chip, 1);
  EXPECT_EQ(z.update_access, ZoneAccess::kNever);
  EXPECT_FALSE(z.update_change_right);
  EXPECT_EQ(zone_bytes(*chip, 1, 0, 15),
            Bytes({'K', 'E', 'Y', 'B', 'E', 'N', 'C', 'H', ' ', 'Z', 'O', 'N', 'E', ' ', '1'}));
  State others = factory_state();
  others.data_partitions[1] = z;
  EXPECT_EQ(chip->state(), others) << "only zone 1 differs from the factory chip";
}

TEST(StsafeDataPartitionFixtures, CounterExhausted) {
  auto bench_ = bench("stsafe-counter-exhausted.json");
  Stsafe* chip = bench_->first<Stsafe>();
  EXPECT_EQ(zone(*chip, 5).counter, 0u);
  EXPECT_EQ(zone(*chip, 6).counter, 500000u);
  EXPECT_EQ(zone_bytes(*chip, 5, 0, 4), hex("00 00 00 01"));
}

TEST(StsafeDataPartitionFixtures, DefaultBenchHasTheFactoryZones) {
  // The factory zones, zone 0 holding the device certificate (personalisation.h).
  std::vector<DataPartition> expected = factory_data_partitions();
  const std::vector<uint8_t>& der = factory_personalisation(0).device_certificate;
  std::copy(der.begin(), der.end(), expected[0].data.begin());
  EXPECT_EQ(bench("default.json")->first<Stsafe>()->state().data_partitions, expected);
  EXPECT_EQ(bench("stsafe-blank.json")->first<Stsafe>()->state().data_partitions, factory_data_partitions());
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
