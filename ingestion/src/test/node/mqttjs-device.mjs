// One device driven by MQTT.js, a stock client, against the CityWatch gateway (MqttJsInteropIT).
//
//   node mqttjs-device.mjs '<json options>'
//
// options: url, username, password, clientId, protocolVersion (4 | 5), topic,
//          payloads (the messages, in order), backlog (true: every message is published before the
//          connection is up, so MQTT.js queues them and sends them all at once when it connects, as
//          a device back from an outage does), timeoutMs.
// Prints one JSON line: acked, refused (with reason codes and strings), connects, disconnects, closes.
import mqtt from 'mqtt';

const o = JSON.parse(process.argv[2]);
const result = { acked: 0, refused: [], connects: 0, disconnects: [], closes: 0, errors: [] };
let answered = 0;

const client = mqtt.connect(o.url, {
  username: o.username,
  password: o.password,
  clientId: o.clientId,
  protocolVersion: o.protocolVersion,
  clean: !o.backlog,
  reconnectPeriod: 1000,
  connectTimeout: 10_000,
});
client.on('connect', () => {
  result.connects++;
  if (!o.backlog && result.connects === 1) publishAll();
});
client.on('disconnect', (packet) => result.disconnects.push(packet.reasonCode)); // MQTT 5 DISCONNECT from the server
client.on('close', () => result.closes++);
client.on('error', (e) => result.errors.push(String(e.message)));
if (o.backlog) publishAll(); // queued: the connection is not up yet

function publishAll() {
  o.payloads.forEach((payload) => {
    client.publish(o.topic, payload, { qos: 1 }, (err, packet) => {
      if (err) {
        result.refused.push({ code: err.code ?? null, message: packet?.properties?.reasonString ?? String(err.message) });
      } else if (packet && packet.reasonCode !== undefined && packet.reasonCode >= 0x80) {
        result.refused.push({ code: packet.reasonCode, message: packet.properties?.reasonString ?? '' });
      } else {
        result.acked++;
      }
      if (++answered === o.payloads.length) finish();
    });
  });
}

function finish() {
  client.end(false, {}, () => {
    console.log(JSON.stringify(result));
    process.exit(0);
  });
}

setTimeout(() => {
  result.errors.push(`timeout: ${answered} of ${o.payloads.length} answered`);
  console.log(JSON.stringify(result));
  process.exit(1);
}, o.timeoutMs ?? 60_000);
