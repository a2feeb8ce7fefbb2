/* Custom widgets and event handlers.

   publicity-end: the 公示 end date is not typed by the clerk. It is the 5th working day
   from publicity_start on the official calendar, looked up in data/editor.json where
   sme_registry.scaffold.publicity_end computed it for every start date (第十三条). */

import React from "react";

const h = React.createElement;

export function publicityEnd(data, start) {
  if (!start) return { end: "", message: "请先填写公示开始日期" };
  if (!Object.prototype.hasOwnProperty.call(data.publicity_end, start)) {
    return { end: "", message: data.calendar_message.split("{year}").join(String(start).slice(0, 4)) };
  }
  const end = data.publicity_end[start];
  if (!end) return { end: "", message: `公示开始日期 ${start} 不是工作日（周末或法定节假日），请选择一个工作日开始公示。` };
  return { end, message: `自 ${start} 起第 ${data.publicity_workdays} 个工作日（第十三条），由系统按工作日历计算。` };
}

/* publicity-start: a date input that shows, right under it, the end date the calendar
   gives and refuses a start that is not a working day. publicity_end itself is a
   hidden field filled in on save (preSave) from the same table. */
function makePublicityStartControl(data) {
  return class PublicityStartControl extends React.Component {
    isValid() {
      const { end, message } = publicityEnd(data, this.props.value);
      return end || !this.props.value ? true : { error: { type: "custom", message } };
    }

    render() {
      const { value, onChange, forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      const { end, message } = publicityEnd(data, value);
      return h("div", { className: classNameWrapper },
        h("input", { type: "date", id: forID, value: value || "", onFocus: setActiveStyle, onBlur: setInactiveStyle,
          onChange: (e) => onChange(e.target.value), className: "publicity-start-input" }),
        h("p", { className: end ? "publicity-end-ok" : "publicity-end-error", "data-publicity-end": end || "", role: "status" },
          end ? `公示结束日期：${end}。` : "", message));
    }
  };
}

/* string: Decap's own string control moves the caret back after every change
   (setSelectionRange in componentDidUpdate, for inputs nested in Markdown). During a
   Pinyin composition that cancels the composition, and the Latin letters of the
   composition stay in the field ("2026nihao年度"). The registry has no inputs nested in
   Markdown, so this control is a plain controlled input that never touches the caret. */
class ImeSafeStringControl extends React.Component {
  render() {
    const { forID, value, classNameWrapper, setActiveStyle, setInactiveStyle, onChange } = this.props;
    return h("input", { type: "text", id: forID, className: classNameWrapper, value: value || "",
      onChange: (e) => onChange(e.target.value), onFocus: setActiveStyle, onBlur: setInactiveStyle });
  }
}

function TextPreview(props) {
  return h("div", null, props.value || "");
}

function DatePreview(props) {
  return h("span", null, props.value || "");
}

export function registerWidgets(CMS, data) {
  CMS.registerWidget("publicity-start", makePublicityStartControl(data), DatePreview);
  CMS.registerWidget("string", ImeSafeStringControl, TextPreview);
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const values = entry.get("data");
      if (values.get("type") !== "公示") return values;
      return values.set("publicity_end", publicityEnd(data, values.get("publicity_start")).end);
    },
  });
}
