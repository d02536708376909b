// The models' reading of their own traffic (simulator/*/trace_view.h), pinned to the fact sheets'
// frames, and a bench recorder's records against the bus's own wire view.
#include "simulator/trace/model_reading.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "simulator/atecc608a/trace_view.h"
#include "simulator/stsafe_a120/command_authorization.h"
#include "simulator/stsafe_a120/crc16.h"
#include "simulator/stsafe_a120/trace_view.h"
#include "simulator/trace/bus_trace_recorder.h"

namespace kb::sim::trace {
namespace {

using ::testing::HasSubstr;

TEST(StsafeTraceView, QueryProductDataFromTheFactSheet) {
  // Fact sheet 1.4: `14 11 FC BE`.
  const std::vector<uint8_t> frame = {0x14, 0x11, 0xFC, 0xBE};
  const nlohmann::json j = stsafe_a120::trace_command(frame, stsafe_a120::CommandAccessTable{});
  EXPECT_EQ(j["command"], "Query (0x14)");
  EXPECT_EQ(j["fields"]["tag"], "0x11");
  EXPECT_EQ(j["fields"]["payload_length"], 1);
  EXPECT_EQ(j["protection"]["c_mac"], false);
  EXPECT_EQ(j["protection"]["host_channel"], false);
  EXPECT_FALSE(j.contains("frame_error"));
}

TEST(StsafeTraceView, BadCrcIsNoFrame) {
  const std::vector<uint8_t> frame = {0x14, 0x11, 0xFC, 0xBF};
  const nlohmann::json j = stsafe_a120::trace_command(frame, stsafe_a120::CommandAccessTable{});
  EXPECT_EQ(j["command"], "Query (0x14)");
  EXPECT_THAT(j["frame_error"].get<std::string>(), HasSubstr("COMMUNICATION_ERROR (0x01)"));
}

TEST(StsafeTraceView, ProtectedHeaderBitsAreNamed) {
  // Fact sheet 3.3: a host-channel command's header is code | 0xE0, its C-MAC the 4 bytes before
  // the CRC. Echo 01 02 03 with a C-MAC (its value is not checked by the decoder).
  std::vector<uint8_t> frame = {0xE0, 0x01, 0x02, 0x03, 0xA1, 0xA2, 0xA3, 0xA4};
  const uint16_t crc = stsafe_a120::crc16(frame);
  frame.push_back(static_cast<uint8_t>(crc >> 8));
  frame.push_back(static_cast<uint8_t>(crc));
  const nlohmann::json j = stsafe_a120::trace_command(frame, stsafe_a120::CommandAccessTable{});
  EXPECT_EQ(j["command"], "Echo (0x00)");
  EXPECT_EQ(j["fields"]["header"], "0xE0");
  EXPECT_EQ(j["fields"]["payload_length"], 3);
  EXPECT_EQ(j["protection"]["c_mac"], true);
  EXPECT_EQ(j["protection"]["r_mac_requested"], true);
  EXPECT_EQ(j["protection"]["host_channel"], true);
  EXPECT_EQ(j["protection"]["command_encrypted"], false);
}

TEST(StsafeTraceView, HeaderOnlyResponseFromTheFactSheet) {
  // Fact sheet 1.4: a header-only OK response is `00 00 02 F0 78`.
  const nlohmann::json ok = stsafe_a120::trace_response(std::vector<uint8_t>{0x00, 0x00, 0x02, 0xF0, 0x78});
  EXPECT_EQ(ok["response"]["status"], "OK (0x00)");
  EXPECT_EQ(ok["response"]["payload_length"], 0);
  EXPECT_EQ(ok["response"]["crc"], "ok");
  EXPECT_EQ(ok["response"]["r_mac"], false);
  const nlohmann::json bad = stsafe_a120::trace_response(std::vector<uint8_t>{0x00, 0x00, 0x02, 0xF0, 0x79});
  EXPECT_EQ(bad["response"]["crc"], "bad");
  // The first read of a response fetches header and length only.
  const nlohmann::json head = stsafe_a120::trace_response(std::vector<uint8_t>{0x16, 0x00, 0x02});
  EXPECT_EQ(head["response"]["status"], "INVALID_C_MAC (0x16)");
  EXPECT_EQ(head["response"]["crc"], "not read");
  const nlohmann::json rmac = stsafe_a120::trace_response(std::vector<uint8_t>{0x40, 0x00, 0x06});
  EXPECT_EQ(rmac["response"]["status"], "OK (0x00)");
  EXPECT_EQ(rmac["response"]["r_mac"], true);
}

TEST(AteccTraceView, WordAddressesAndStatusGroups) {
  EXPECT_EQ(atecc608a::trace_command(std::vector<uint8_t>{0x01})["command"], "Sleep (word address 0x01)");
  EXPECT_EQ(atecc608a::trace_command(std::vector<uint8_t>{0x02})["command"], "Idle (word address 0x02)");
  EXPECT_EQ(atecc608a::trace_command(std::vector<uint8_t>{0x02})["awaits_response"], false);
  EXPECT_THAT(atecc608a::trace_command(std::vector<uint8_t>{0x07})["frame_error"].get<std::string>(),
              HasSubstr("reserved word address 0x07"));
  // The answer to a successful wake (fact sheet B5.2): 04 11 33 43.
  const nlohmann::json wake = atecc608a::trace_response(std::vector<uint8_t>{0x04, 0x11, 0x33, 0x43});
  EXPECT_EQ(wake["response"]["status"], "After wake (0x11)");
  EXPECT_EQ(wake["response"]["wake_token"], true);
  EXPECT_EQ(wake["response"]["crc"], "ok");
  const nlohmann::json bad = atecc608a::trace_response(std::vector<uint8_t>{0x04, 0x11, 0x33, 0x44});
  EXPECT_EQ(bad["response"]["crc"], "bad");
  // The rest of a group after its count byte was read alone, as cryptoauthlib reads it.
  const std::vector<uint8_t> output = {0x04, 0x11, 0x33, 0x43};
  const nlohmann::json rest = atecc608a::trace_response(std::vector<uint8_t>{0x11, 0x33, 0x43}, output);
  EXPECT_EQ(rest["response"]["offset"], 1);
  EXPECT_EQ(rest["response"]["status"], "After wake (0x11)");
  EXPECT_EQ(rest["response"]["crc"], "ok");
}

}  // namespace
}  // namespace kb::sim::trace
