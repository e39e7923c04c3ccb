/** A gadget spec shaped like the ones in the field (gadget-reference §1.1). */
export const SAMPLE_SPEC = `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="__MSG_title__" description="Sample gadget" height="300" scrolling="true" author="ACME" author_email="a@example.com">
    <Require feature="pubsub-2"/>
    <Require feature="settitle"/>
    <Optional feature="content-rewrite"><Param name="exclude-urls">.*</Param></Optional>
    <Require feature="dynamic-height"><Param name="min">100</Param></Require>
    <Locale messages="messages/ALL_ALL.xml"/>
    <Locale lang="de" messages="messages/de_ALL.xml"/>
    <Locale lang="de" country="AT" messages="messages/de_AT.xml"/>
    <Locale lang="he" language_direction="rtl"><msg name="title">כותרת</msg></Locale>
  </ModulePrefs>
  <UserPref name="scheme" datatype="hidden"/>
  <UserPref name="host" datatype="hidden" default_value="localhost"/>
  <UserPref name="hostPort" datatype="hidden"/>
  <UserPref name="colour" display_name="Colour" datatype="enum" default_value="red" required="true">
    <EnumValue value="red" display_value="Red"/>
    <EnumValue value="blue"/>
  </UserPref>
  <UserPref name="compact" datatype="bool" default_value="false"/>
  <UserPref name="tags" datatype="list"/>
  <Content type="html" view="default, canvas" preferred_height="250"><![CDATA[
<!DOCTYPE html>
<link rel="stylesheet" href="sample.css">
<script src="__UP_scheme__://__UP_host__:__UP_hostPort__/desktop/assets/js/finesse.js"></script>
<body class="__BIDI_DIR__"><h1>__MSG_title__</h1><div id="m__MODULE_ID__"></div></body>
]]></Content>
</Module>`;

export const bundle = (entries: Record<string, string>): string =>
  `<messagebundle>${Object.entries(entries)
    .map(([k, v]) => `<msg name="${k}">${v}</msg>`)
    .join('')}</messagebundle>`;
