# The table of HEAD as shipped: ours' runs with the JVM's default heap (series head-default-heap) and the peers'
# runs of the same series (series head), and S6 (ours only, run once, with -Xms32m), relabelled "issue9-shipped". Nothing else is changed.
import json, sys
src, dst = sys.argv[1], sys.argv[2]
with open(dst, 'w') as out:
    for l in open(src):
        d = json.loads(l)
        target = d['label'].split('/')[1]
        scenario = d['label'].split('/')[0]
        if ((target == 'ours' and d['series'] == 'head-default-heap') or (target != 'ours' and d['series'] == 'head')
                or (target == 'ours' and d['series'] == 'head' and scenario.startswith('s6'))):
            d['series'] = 'issue9-shipped'
            out.write(json.dumps(d, separators=(',', ':')) + '\n')
