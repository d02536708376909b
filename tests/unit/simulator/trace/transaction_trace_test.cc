// The trace format's writer and reader (simulator/trace/transaction_trace.h) and the command timing
// summary built on it.
#include "simulator/trace/transaction_trace.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "simulator/trace/trace_summary.h"

namespace kb::sim::trace {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHeader =
    R"({"format":"keybench-trace/1","clock":"virtual","source":"bus","target":"sim","flow":"f"})";

TraceRecord record(uint64_t index, uint64_t start, uint64_t end, Direction dir, std::vector<uint8_t> tx,
                   std::vector<uint8_t> rx, Outcome outcome) {
  TraceRecord r;
  r.index = index;
  r.start_ns = start;
  r.end_ns = end;
  r.address7 = 0x20;
  r.direction = dir;
  r.tx = std::move(tx);
  r.rx_length = rx.size();
  r.rx = std::move(rx);
  r.outcome = outcome;
  return r;
}

std::string error_of(const std::string& text) {
  try {
    parse_trace(text, "t.jsonl");
  } catch (const TraceFormatError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TransactionTrace, WrittenRecordsReadBackTheSame) {
  TraceWriter w(TraceHeader{"host", "host", "i2c:/dev/i2c-1", "host-key-provisioning", ""});
  TraceRecord a = record(0, 10, 170, Direction::kWrite, {0x14, 0x11, 0xFC, 0xBE}, {}, Outcome::kAck);
  a.decoded = {{"command", "Query (0x14)"}};
  w.add(a);
  w.add(record(1, 200, 240, Direction::kRead, {}, {}, Outcome::kAddressNack));
  TraceRecord c = record(2, 300, 500, Direction::kWriteRead, {0x03}, {0x00, 0x00, 0x02, 0xF0, 0x78}, Outcome::kAck);
  w.add(c);
  const Trace t = parse_trace(w.text(), "t.jsonl");
  EXPECT_EQ(t.header.clock, "host");
  EXPECT_EQ(t.header.source, "host");
  EXPECT_EQ(t.header.target, "i2c:/dev/i2c-1");
  EXPECT_EQ(t.header.flow, "host-key-provisioning");
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.records[0].tx, (std::vector<uint8_t>{0x14, 0x11, 0xFC, 0xBE}));
  EXPECT_EQ(t.records[0].decoded["command"], "Query (0x14)");
  EXPECT_EQ(t.records[1].outcome, Outcome::kAddressNack);
  EXPECT_TRUE(t.records[1].decoded.is_null());
  EXPECT_EQ(t.records[2].direction, Direction::kWriteRead);
  EXPECT_EQ(t.records[2].rx, (std::vector<uint8_t>{0x00, 0x00, 0x02, 0xF0, 0x78}));
  EXPECT_EQ(t.records[2].start_ns, 300u);
  EXPECT_EQ(t.records[2].end_ns, 500u);
  // The schema line comes first, so a reader can refuse other files by it.
  EXPECT_EQ(w.text().substr(0, w.text().find('\n')).find("\"format\":\"keybench-trace/1\""), 1u);
}

TEST(TransactionTrace, HeaderNamesTheBusLevelAndOlderFilesStillRead) {
  TraceWriter w(TraceHeader{"virtual", "host", "sim", "ecdh", "rtl"});
  EXPECT_THAT(w.text(), HasSubstr("\"bus\":\"rtl\""));
  EXPECT_EQ(parse_trace(w.text(), "t.jsonl").header.bus, "rtl");
  EXPECT_EQ(header_json(TraceHeader{"virtual", "bus", "sim", "ecdh", "transaction"})["bus"], "transaction");
  // A header without the field (hardware recordings, files written before it) has no bus level.
  TraceWriter none(TraceHeader{"host", "host", "i2c:/dev/i2c-1", "ecdh", ""});
  EXPECT_THAT(none.text(), Not(HasSubstr("\"bus\"")));
  EXPECT_EQ(parse_trace(kHeader + "\n", "t.jsonl").header.bus, "");
  std::string bad = kHeader;
  bad.insert(bad.size() - 1, R"(,"bus":"wire")");
  EXPECT_THAT(error_of(bad + "\n"), HasSubstr("t.jsonl line 1: \"bus\" is 'wire', not one of: transaction, rtl"));
}

TEST(TransactionTrace, BadFilesNameTheLineAndTheProblem) {
  const std::string good =
      R"({"index":0,"start_ns":1,"end_ns":2,"address":32,"dir":"write","tx":"1411","rx":"","rx_length":0,"status":"ack"})";
  EXPECT_EQ(error_of(kHeader + "\n" + good + "\n"), "no error");
  EXPECT_THAT(error_of(""), HasSubstr("t.jsonl: empty"));
  EXPECT_THAT(error_of(good + "\n"), HasSubstr("t.jsonl line 1: not a keybench trace"));
  EXPECT_THAT(error_of(R"({"format":"keybench-faults/1"})"), HasSubstr("line 1: format is 'keybench-faults/1'"));
  EXPECT_THAT(error_of(kHeader + "\n" + good + "\n{\"index\":1,\n"), HasSubstr("t.jsonl line 3: not JSON"));
  EXPECT_THAT(error_of(kHeader + "\n\n[1,2]\n"), HasSubstr("line 3: not a JSON object"));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string line = good;
    line.replace(line.find(from), from.size(), to);
    return error_of(kHeader + "\n" + line + "\n");
  };
  EXPECT_THAT(with("\"tx\":\"1411\"", "\"tx\":\"141\""), HasSubstr("line 2: \"tx\" has an odd number of hex digits"));
  EXPECT_THAT(with("\"tx\":\"1411\"", "\"tx\":\"14zz\""), HasSubstr("line 2: \"tx\" is not hex at digit 2"));
  EXPECT_THAT(with("\"dir\":\"write\"", "\"dir\":\"sideways\""), HasSubstr("\"dir\" is 'sideways', not one of"));
  EXPECT_THAT(with("\"status\":\"ack\"", "\"status\":\"fine\""), HasSubstr("\"status\" is 'fine'"));
  EXPECT_THAT(with("\"address\":32", "\"address\":200"), HasSubstr("\"address\" 200 is not a 7-bit address"));
  EXPECT_THAT(with("\"end_ns\":2", "\"end_ns\":0"), HasSubstr("\"end_ns\" is before \"start_ns\""));
  EXPECT_THAT(with("\"start_ns\":1,", ""), HasSubstr("line 2: no \"start_ns\""));
  EXPECT_THAT(with("\"start_ns\":1", "\"start_ns\":-1"), HasSubstr("\"start_ns\" is not a whole number"));
  EXPECT_THAT(with("\"index\":0", "\"index\":4"), HasSubstr("line 2: \"index\" 4 where 0 comes next"));
  EXPECT_THAT(with("\"rx_length\":0", "\"rx_length\":3"), HasSubstr("a write with \"rx_length\" above 0"));
}

TEST(TransactionTrace, RegisterRecordsShareTheStreamWithI2cRecords) {
  TraceWriter w(TraceHeader{"virtual", "bus", "sim", "identity-key-generation", ""});
  w.add(record(0, 10, 170, Direction::kWrite, {0x14}, {}, Outcome::kAck));
  RegisterRecord reg;
  reg.index = 1;
  reg.start_ns = 200;
  reg.end_ns = 43200;
  reg.write = true;
  reg.address = 0x00FF8100;
  reg.name = "UICR BL_STORAGE lifecycle word 0";
  reg.value = 0xFFFF0000;
  w.add(reg);
  RegisterRecord dead = reg;
  dead.index = 2;
  dead.write = false;
  dead.value = 0;
  dead.status = RegisterStatus::kUnpowered;
  w.add(dead);
  w.add(record(3, 50000, 50100, Direction::kRead, {}, {0x00}, Outcome::kAck));
  EXPECT_EQ(w.records(), 4u);
  EXPECT_THAT(w.text(), HasSubstr(R"("kind":"i2c")"));
  EXPECT_THAT(w.text(), HasSubstr(R"("address_hex":"0x00FF8100")"));
  EXPECT_THAT(w.text(), HasSubstr(R"("value_hex":"0xFFFF0000")"));
  const Trace t = parse_trace(w.text(), "t.jsonl");
  ASSERT_EQ(t.records.size(), 2u);
  ASSERT_EQ(t.registers.size(), 2u);
  EXPECT_EQ(t.records[1].index, 3u);
  EXPECT_EQ(t.registers[0].index, 1u);
  EXPECT_TRUE(t.registers[0].write);
  EXPECT_EQ(t.registers[0].address, 0x00FF8100u);
  EXPECT_EQ(t.registers[0].name, "UICR BL_STORAGE lifecycle word 0");
  EXPECT_EQ(t.registers[0].value, 0xFFFF0000u);
  EXPECT_EQ(t.registers[0].end_ns, 43200u);
  EXPECT_EQ(t.registers[1].status, RegisterStatus::kUnpowered);
  EXPECT_FALSE(t.registers[1].write);
  // Both kinds back in file order.
  const nlohmann::json all = records_json(t);
  ASSERT_EQ(all.size(), 4u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i]["index"], i);
  EXPECT_EQ(all[1]["kind"], "register");
  EXPECT_EQ(all[3]["kind"], "i2c");
}

TEST(TransactionTrace, ARegisterRecordWithoutAModelLeavesTheNameOut) {
  // A host recording on a board: the address and the word, no model to name the register.
  TraceWriter w(TraceHeader{"host", "host", "remote:unix:/tmp/kb.sock", "provisioning-image", ""});
  RegisterRecord reg;
  reg.address = 0x50039500;
  reg.value = 3;
  reg.write = true;
  w.add(reg);
  EXPECT_THAT(w.text(), Not(HasSubstr("\"register\":")));
  const Trace t = parse_trace(w.text(), "t.jsonl");
  ASSERT_EQ(t.registers.size(), 1u);
  EXPECT_EQ(t.registers[0].name, "");
  EXPECT_EQ(t.registers[0].address, 0x50039500u);
  EXPECT_EQ(t.registers[0].value, 3u);
}

TEST(TransactionTrace, BadRegisterRecordsNameTheLineAndTheProblem) {
  const std::string i2c =
      R"({"index":0,"start_ns":1,"end_ns":2,"address":32,"dir":"write","tx":"1411","rx":"","rx_length":0,"status":"ack"})";
  const std::string reg =
      R"({"index":1,"kind":"register","start_ns":5,"end_ns":5,"access":"read","address":1342410012,"register":"KMU.STATUS","value":1,"status":"ok"})";
  // A record without "kind" is an I2C transaction, as in traces written before register records.
  EXPECT_EQ(error_of(kHeader + "\n" + i2c + "\n" + reg + "\n"), "no error");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string line = reg;
    line.replace(line.find(from), from.size(), to);
    return error_of(kHeader + "\n" + i2c + "\n" + line + "\n");
  };
  EXPECT_THAT(with("\"kind\":\"register\"", "\"kind\":\"spi\""),
              HasSubstr("line 3: \"kind\" is 'spi', not one of: i2c, register"));
  EXPECT_THAT(with("\"access\":\"read\"", "\"access\":\"poke\""), HasSubstr("\"access\" is 'poke'"));
  EXPECT_THAT(with("\"address\":1342410012", "\"address\":4294967296"),
              HasSubstr("\"address\" 4294967296 is not a 32-bit address"));
  EXPECT_THAT(with("\"value\":1", "\"value\":4294967296"), HasSubstr("\"value\" 4294967296 is not a 32-bit word"));
  // A board's recording has no model to name the register: the name is left out, and reads as none.
  EXPECT_EQ(with("\"register\":\"KMU.STATUS\",", ""), "no error");
  EXPECT_THAT(with("\"register\":\"KMU.STATUS\"", "\"register\":7"), HasSubstr("line 3: \"register\" is not a string"));
  EXPECT_THAT(with("\"status\":\"ok\"", "\"status\":\"ack\""), HasSubstr("\"status\" is 'ack'"));
  EXPECT_THAT(with("\"end_ns\":5", "\"end_ns\":4"), HasSubstr("\"end_ns\" is before \"start_ns\""));
  // One index sequence over both kinds.
  EXPECT_THAT(with("\"index\":1", "\"index\":0"), HasSubstr("line 3: \"index\" 0 where 1 comes next"));
}

TEST(TraceSummary, BusyTimeRunsFromTheWriteToTheAnsweringRead) {
  Trace t;
  TraceRecord w = record(0, 0, 100, Direction::kWrite, {0x14, 0x11, 0xFC, 0xBE}, {}, Outcome::kAck);
  w.decoded = {{"command", "Query (0x14)"}};
  t.records.push_back(w);
  t.records.push_back(record(1, 200, 220, Direction::kRead, {}, {}, Outcome::kAddressNack));
  t.records.push_back(record(2, 300, 320, Direction::kRead, {}, {}, Outcome::kAddressNack));
  t.records.push_back(record(3, 400, 500, Direction::kRead, {}, {0x00, 0x00, 0x02, 0xF0, 0x78}, Outcome::kAck));
  // A second read of the same answer is not a new round trip.
  t.records.push_back(record(4, 600, 700, Direction::kRead, {}, {0x00, 0x00, 0x02, 0xF0, 0x78}, Outcome::kAck));
  w.start_ns = 1000;
  w.end_ns = 1100;
  t.records.push_back(w);
  t.records.push_back(record(6, 1400, 1500, Direction::kRead, {}, {0x00}, Outcome::kAck));
  // Undecoded (hardware) writes are grouped by their first bytes; one never answered counts too.
  t.records.push_back(record(7, 2000, 2100, Direction::kWrite, {0x01, 0xE1, 0xF1}, {}, Outcome::kAck));
  // A command the model says awaits no answer (an ATECC608A idle) takes no read as its answer.
  TraceRecord idle = record(8, 2100, 2150, Direction::kWrite, {0x02}, {}, Outcome::kAck);
  idle.decoded = {{"command", "Idle (word address 0x02)"}, {"awaits_response", false}};
  t.records.push_back(idle);
  t.records.push_back(record(9, 2160, 2200, Direction::kRead, {}, {0x04, 0x11, 0x33, 0x43}, Outcome::kAck));
  // A write the device did not take starts no command.
  t.records.push_back(record(10, 2200, 2300, Direction::kWrite, {0x02}, {}, Outcome::kAddressNack));

  const std::vector<CommandTiming> timings = command_timings(t);
  ASSERT_EQ(timings.size(), 3u);
  EXPECT_EQ(timings[0].command, "Query (0x14)");
  EXPECT_EQ(timings[0].count, 2u);
  EXPECT_EQ(timings[0].answered, 2u);
  EXPECT_EQ(timings[0].polls, 2u);
  EXPECT_EQ(timings[0].busy_ns, 300u + 300u);
  EXPECT_EQ(timings[0].round_trip_ns, 500u + 500u);
  EXPECT_EQ(timings[0].mean_busy_ns(), 300u);
  EXPECT_EQ(timings[1].command, "frame 01 e1");
  EXPECT_EQ(timings[1].count, 1u);
  EXPECT_EQ(timings[1].answered, 0u);
  EXPECT_EQ(timings[1].mean_round_trip_ns(), 0u);
  EXPECT_EQ(timings[2].command, "Idle (word address 0x02)");
  EXPECT_EQ(timings[2].count, 1u);
  EXPECT_EQ(timings[2].answered, 0u);
}

}  // namespace
}  // namespace kb::sim::trace
