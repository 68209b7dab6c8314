// Drives Magpie's Custom Vision compatible route with Microsoft's own prediction SDK, exactly as an Azure user would:
// only the endpoint and the key differ. Run by dev.magpie.web.CustomVisionSdkTest, which checks every field.
//
//   node predict.js ENDPOINT KEY PROJECT_ID PUBLISHED_NAME IMAGE_FILE REFUSED_URL...
//
// With DETECT_IMAGE=FILE in the environment it also calls detectImageWithNoStore on that photo.
//
// Prints one JSON object per line: {"call", "status", "body"} (body = the raw JSON the server sent) and, for a
// success, "sdk" (what the SDK deserialized); for a failure, "error" {statusCode, code, message}.
"use strict";
const fs = require("fs");
const { PredictionAPIClient } = require("@azure/cognitiveservices-customvision-prediction");
const msRest = require("@azure/ms-rest-js");

const [endpoint, key, projectId, publishedName, imageFile, ...refusedUrls] = process.argv.slice(2);

function client(predictionKey) {
  const credentials = new msRest.ApiKeyCredentials({ inHeader: { "Prediction-key": predictionKey } });
  return new PredictionAPIClient(credentials, endpoint);
}

async function call(name, promise) {
  try {
    const result = await promise;
    const sdk = {
      id: result.id,
      project: result.project,
      iteration: result.iteration,
      created: result.created instanceof Date ? result.created.toISOString() : String(result.created),
      predictions: (result.predictions || []).map((p) => ({ probability: p.probability, tagId: p.tagId, tagName: p.tagName,
        boundingBox: p.boundingBox })),
    };
    console.log(JSON.stringify({ call: name, status: result._response.status, body: result._response.bodyAsText, sdk }));
  } catch (e) {
    const body = e.response ? e.response.bodyAsText : undefined;
    console.log(JSON.stringify({ call: name, status: e.statusCode, body,
      error: { statusCode: e.statusCode, code: e.code, message: e.message } }));
  }
}

async function main() {
  const good = client(key);
  const image = fs.readFileSync(imageFile);
  await call("classifyImage", good.classifyImage(projectId, publishedName, image));
  await call("classifyImageWithNoStore", good.classifyImageWithNoStore(projectId, publishedName,
    () => fs.createReadStream(imageFile)));
  for (const url of refusedUrls) {
    await call("classifyImageUrl " + url, good.classifyImageUrl(projectId, publishedName, { url }));
  }
  if (process.env.DETECT_IMAGE) {
    await call("detectImageWithNoStore", good.detectImageWithNoStore(projectId, publishedName,
      fs.readFileSync(process.env.DETECT_IMAGE)));
  }
  await call("classifyImage wrongKey", client("mgp_not-a-token").classifyImage(projectId, publishedName, image));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
