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

/* string and text: Decap's own controls render the value from the store. The store
   updates asynchronously, so a value from a few keystrokes ago can arrive while a Pinyin
   composition is open; React then resets the field, the composition is cancelled and its
   Latin letters stay in the text ("2026nihao年度"). Decap's string control also moves the
   caret after every change, which cancels a composition too. These controls keep the text
   in their own state while the field has focus and take the store's value only when it
   does not, so what the IME commits is what the field holds. */
function makeImeSafeControl(tag) {
  return class ImeSafeControl extends React.Component {
    constructor(props) {
      super(props);
      this.state = { value: props.value || "" };
      this.focused = false;
    }

    componentDidUpdate(previous) {
      const incoming = this.props.value || "";
      if (!this.focused && incoming !== (previous.value || "") && incoming !== this.state.value) {
        this.setState({ value: incoming }); // e.g. an entry loaded or reset from outside the field
      }
    }

    render() {
      const { forID, classNameWrapper, setActiveStyle, setInactiveStyle, onChange } = this.props;
      return h(tag, {
        type: tag === "input" ? "text" : undefined, id: forID, className: classNameWrapper, value: this.state.value,
        rows: tag === "textarea" ? 4 : undefined,
        onChange: (e) => { this.setState({ value: e.target.value }); onChange(e.target.value); },
        onFocus: (e) => { this.focused = true; setActiveStyle(e); },
        onBlur: (e) => { this.focused = false; setInactiveStyle(e); },
      });
    }
  };
}

function TextPreview(props) {
  return h("div", null, props.value || "");
}

function DatePreview(props) {
  return h("span", null, props.value || "");
}

export function registerWidgets(CMS, data) {
  CMS.registerWidget("publicity-start", makePublicityStartControl(data), DatePreview);
  CMS.registerWidget("string", makeImeSafeControl("input"), TextPreview);
  CMS.registerWidget("text", makeImeSafeControl("textarea"), TextPreview);
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const values = entry.get("data");
      if (values.get("type") !== "公示") return values;
      return values.set("publicity_end", publicityEnd(data, values.get("publicity_start")).end);
    },
  });
}
