// Injected into a copy of the HTML report by tests/t4260-report-charts.sh (the report itself
// has no script). For every chart shown at this width, it checks in the real layout:
//  - data drawn: marks (class "mark") with a non-zero rendered size;
//  - nothing clipped: every text lies inside the chart's box;
//  - readable: text renders at 8.5 px or more;
//  - legend entries do not overlap;
//  - no NaN or Infinity in any attribute;
// and writes the viewport's width, then one line per chart ("ok ID WIDTH MARKS" or "FAIL ID why")
// into a pre element with id chartcheck.
(function () {
	var out = [];
	var charts = document.querySelectorAll('svg.chart');
	for (var i = 0; i < charts.length; i++) {
		var svg = charts[i], box = svg.getBoundingClientRect(), bad = [];
		if (box.width === 0 || box.height === 0)
			continue; // the other width's copy, hidden by CSS
		var marks = svg.querySelectorAll('.mark'), drawn = 0;
		for (var j = 0; j < marks.length; j++) {
			var m = marks[j].getBoundingClientRect();
			if (m.width > 0.5 || m.height > 0.5)
				drawn++;
		}
		if (!drawn)
			bad.push('no data drawn');
		var texts = svg.querySelectorAll('text'), legends = [];
		for (j = 0; j < texts.length; j++) {
			var t = texts[j].getBoundingClientRect(), s = texts[j].textContent;
			if (t.left < box.left - 1 || t.right > box.right + 1 || t.top < box.top - 1 || t.bottom > box.bottom + 1)
				bad.push('clipped: "' + s + '"');
			if (t.height > 0 && t.height < 8.5)
				bad.push('unreadable (' + t.height.toFixed(1) + ' px): "' + s + '"');
			if (texts[j].getAttribute('class') === 'legend')
				legends.push(t);
		}
		for (j = 0; j < legends.length; j++)
			for (var k = j + 1; k < legends.length; k++) {
				var a = legends[j], b = legends[k];
				if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
					bad.push('legend entries overlap');
			}
		var all = svg.querySelectorAll('*');
		for (j = 0; j < all.length; j++)
			for (k = 0; k < all[j].attributes.length; k++)
				if (/NaN|Infinity/.test(all[j].attributes[k].value))
					bad.push('NaN in ' + all[j].tagName + ' ' + all[j].attributes[k].name);
		out.push(bad.length ? 'FAIL ' + svg.id + ' ' + bad.slice(0, 3).join('; ')
			: 'ok ' + svg.id + ' ' + Math.round(box.width) + ' ' + drawn);
	}
	// in a frame (a phone width under headless Chromium's 500 px minimum window), the page
	// around it gets the result (file:// pages may reach each other with
	// --allow-file-access-from-files)
	var doc = window.parent !== window ? window.parent.document : document;
	var pre = doc.createElement('pre');
	pre.id = 'chartcheck';
	pre.textContent = 'viewport ' + document.documentElement.clientWidth + '\n' + out.join('\n');
	doc.body.appendChild(pre);
})();
